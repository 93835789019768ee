using Probabilistic.Numerics;

namespace Probabilistic.Inference;

/// <summary>
/// One transition of the No-U-Turn Sampler as Stan implements it today (<c>base_nuts</c>): the trajectory
/// doubles in a random direction until the generalized U-turn criterion fails — checked across the whole
/// trajectory and across the joins of its subtrees — or the maximum tree depth is reached; the new state is
/// drawn from the trajectory by biased progressive multinomial sampling; a step whose energy error exceeds
/// 1000 is a divergence and ends the trajectory (Hoffman &amp; Gelman 2014, JMLR 15; Betancourt 2017,
/// "A Conceptual Introduction to Hamiltonian Monte Carlo", §A.4).
/// </summary>
internal sealed class NutsTransition
{
    private const double MaxDeltaH = 1000;

    private readonly Hamiltonian _h;
    private readonly int _d;
    private readonly PhasePoint _z, _zFwd, _zBck, _zSample, _zPropose;
    private readonly double[] _pFwdFwd, _pSharpFwdFwd, _pFwdBck, _pSharpFwdBck, _pBckFwd, _pSharpBckFwd, _pBckBck, _pSharpBckBck;
    private readonly double[] _rho, _rhoFwd, _rhoBck, _rhoExtended;
    private readonly Level[] _levels;
    private double _h0, _sumMetroProb, _epsilon;
    private int _nLeapfrog;
    private bool _divergent;
    private Rng _rng = null!;

    /// <summary>Scratch vectors of one recursion level of <see cref="BuildTree"/>.</summary>
    private sealed class Level(int d)
    {
        public readonly double[] PInitEnd = new double[d], PSharpInitEnd = new double[d], RhoInit = new double[d];
        public readonly double[] PFinalBeg = new double[d], PSharpFinalBeg = new double[d], RhoFinal = new double[d];
        public readonly double[] RhoSubtree = new double[d], RhoExtended = new double[d];
        public readonly PhasePoint ZProposeFinal = new(d);
    }

    public NutsTransition(Hamiltonian hamiltonian, int maxDepth)
    {
        _h = hamiltonian;
        _d = hamiltonian.Dimension;
        MaxDepth = maxDepth;
        _z = new(_d); _zFwd = new(_d); _zBck = new(_d); _zSample = new(_d); _zPropose = new(_d);
        _pFwdFwd = V(); _pSharpFwdFwd = V(); _pFwdBck = V(); _pSharpFwdBck = V();
        _pBckFwd = V(); _pSharpBckFwd = V(); _pBckBck = V(); _pSharpBckBck = V();
        _rho = V(); _rhoFwd = V(); _rhoBck = V(); _rhoExtended = V();
        _levels = new Level[maxDepth + 1];
        for (int i = 0; i < _levels.Length; i++) _levels[i] = new Level(_d);
    }

    public int MaxDepth { get; }

    private double[] V() => new double[_d];

    /// <summary>Moves <paramref name="state"/> (position, log density and gradient set) to the next draw.</summary>
    public DrawStatistics Transition(PhasePoint state, double epsilon, Rng rng)
    {
        _rng = rng;
        _epsilon = epsilon;
        _z.CopyFrom(state);
        _h.SampleMomentum(_z, rng);
        _zFwd.CopyFrom(_z);
        _zBck.CopyFrom(_z);
        _zSample.CopyFrom(_z);
        _zPropose.CopyFrom(_z);

        _z.P.CopyTo(_pFwdFwd, 0);
        _h.Velocity(_z.P, _pSharpFwdFwd);
        _z.P.CopyTo(_pFwdBck, 0);
        _pSharpFwdFwd.CopyTo(_pSharpFwdBck, 0);
        _z.P.CopyTo(_pBckFwd, 0);
        _pSharpFwdFwd.CopyTo(_pSharpBckFwd, 0);
        _z.P.CopyTo(_pBckBck, 0);
        _pSharpFwdFwd.CopyTo(_pSharpBckBck, 0);
        _z.P.CopyTo(_rho, 0);

        double logSumWeight = 0; // log(exp(H0 − H0))
        _h0 = _h.Energy(_z);
        _nLeapfrog = 0;
        _sumMetroProb = 0;
        _divergent = false;
        int depth = 0;

        while (depth < MaxDepth)
        {
            Array.Clear(_rhoFwd);
            Array.Clear(_rhoBck);
            bool valid;
            double logSumWeightSubtree = double.NegativeInfinity;
            if (rng.NextDouble() > 0.5)
            {
                // Extend the trajectory forward.
                _z.CopyFrom(_zFwd);
                _rho.CopyTo(_rhoBck, 0);
                _pFwdBck.CopyTo(_pBckFwd, 0);
                _pSharpFwdBck.CopyTo(_pSharpBckFwd, 0);
                valid = BuildTree(depth, _zPropose, _pSharpFwdBck, _pSharpFwdFwd, _rhoFwd, _pFwdBck, _pFwdFwd, 1, ref logSumWeightSubtree);
                _zFwd.CopyFrom(_z);
            }
            else
            {
                // Extend the trajectory backward.
                _z.CopyFrom(_zBck);
                _rho.CopyTo(_rhoFwd, 0);
                _pBckFwd.CopyTo(_pFwdBck, 0);
                _pSharpBckFwd.CopyTo(_pSharpFwdBck, 0);
                valid = BuildTree(depth, _zPropose, _pSharpBckFwd, _pSharpBckBck, _rhoBck, _pBckFwd, _pBckBck, -1, ref logSumWeightSubtree);
                _zBck.CopyFrom(_z);
            }
            if (!valid) break;
            depth++;

            // Biased progressive sampling: prefer the new subtree by its weight relative to the old trajectory.
            if (logSumWeightSubtree > logSumWeight) _zSample.CopyFrom(_zPropose);
            else if (rng.NextDouble() < Math.Exp(logSumWeightSubtree - logSumWeight)) _zSample.CopyFrom(_zPropose);
            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);

            for (int i = 0; i < _d; i++) _rho[i] = _rhoBck[i] + _rhoFwd[i];
            bool persist = Criterion(_pSharpBckBck, _pSharpFwdFwd, _rho);
            for (int i = 0; i < _d; i++) _rhoExtended[i] = _rhoBck[i] + _pFwdBck[i];
            persist &= Criterion(_pSharpBckBck, _pSharpFwdBck, _rhoExtended);
            for (int i = 0; i < _d; i++) _rhoExtended[i] = _rhoFwd[i] + _pBckFwd[i];
            persist &= Criterion(_pSharpBckFwd, _pSharpFwdFwd, _rhoExtended);
            if (!persist) break;
        }

        state.CopyFrom(_zSample);
        return new DrawStatistics
        {
            LogDensity = state.LogDensity,
            AcceptStat = _nLeapfrog == 0 ? 0 : _sumMetroProb / _nLeapfrog,
            StepSize = epsilon,
            TreeDepth = depth,
            LeapfrogSteps = _nLeapfrog,
            Divergent = _divergent,
            Energy = _h.Energy(state),
        };
    }

    private bool BuildTree(int depth, PhasePoint zPropose, double[] pSharpBeg, double[] pSharpEnd, double[] rho,
        double[] pBeg, double[] pEnd, int sign, ref double logSumWeight)
    {
        if (depth == 0)
        {
            _h.Leapfrog(_z, sign * _epsilon);
            _nLeapfrog++;
            double h = _h.Energy(_z);
            if (h - _h0 > MaxDeltaH) _divergent = true;
            logSumWeight = LogSumExp(logSumWeight, _h0 - h);
            _sumMetroProb += _h0 - h > 0 ? 1 : Math.Exp(_h0 - h);
            zPropose.CopyFrom(_z);
            _h.Velocity(_z.P, pSharpBeg);
            pSharpBeg.CopyTo(pSharpEnd, 0);
            for (int i = 0; i < _d; i++) rho[i] += _z.P[i];
            _z.P.CopyTo(pBeg, 0);
            _z.P.CopyTo(pEnd, 0);
            return !_divergent;
        }

        var L = _levels[depth];
        // The initial subtree.
        double logSumWeightInit = double.NegativeInfinity;
        Array.Clear(L.RhoInit);
        if (!BuildTree(depth - 1, zPropose, pSharpBeg, L.PSharpInitEnd, L.RhoInit, pBeg, L.PInitEnd, sign, ref logSumWeightInit))
            return false;

        // The final subtree.
        var zProposeFinal = L.ZProposeFinal;
        zProposeFinal.CopyFrom(_z);
        double logSumWeightFinal = double.NegativeInfinity;
        Array.Clear(L.RhoFinal);
        if (!BuildTree(depth - 1, zProposeFinal, L.PSharpFinalBeg, pSharpEnd, L.RhoFinal, L.PFinalBeg, pEnd, sign, ref logSumWeightFinal))
            return false;

        // Multinomial sampling between the two subtrees.
        double logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree) zPropose.CopyFrom(zProposeFinal);
        else if (_rng.NextDouble() < Math.Exp(logSumWeightFinal - logSumWeightSubtree)) zPropose.CopyFrom(zProposeFinal);

        for (int i = 0; i < _d; i++)
        {
            L.RhoSubtree[i] = L.RhoInit[i] + L.RhoFinal[i];
            rho[i] += L.RhoSubtree[i];
        }
        bool persist = Criterion(pSharpBeg, pSharpEnd, L.RhoSubtree);
        for (int i = 0; i < _d; i++) L.RhoExtended[i] = L.RhoInit[i] + L.PFinalBeg[i];
        persist &= Criterion(pSharpBeg, L.PSharpFinalBeg, L.RhoExtended);
        for (int i = 0; i < _d; i++) L.RhoExtended[i] = L.RhoFinal[i] + L.PInitEnd[i];
        persist &= Criterion(L.PSharpInitEnd, pSharpEnd, L.RhoExtended);
        return persist;
    }

    /// <summary>The generalized no-U-turn criterion: both ends still move along ρ (Betancourt 2017, §A.4.2).</summary>
    private bool Criterion(double[] pSharpMinus, double[] pSharpPlus, double[] rho)
    {
        double a = 0, b = 0;
        for (int i = 0; i < _d; i++)
        {
            a += pSharpPlus[i] * rho[i];
            b += pSharpMinus[i] * rho[i];
        }
        return a > 0 && b > 0;
    }

    private static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return a > b ? a + SpecialFunctions.Log1p(Math.Exp(b - a)) : b + SpecialFunctions.Log1p(Math.Exp(a - b));
    }
}
