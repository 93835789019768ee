using Probabilistic.Inference;
using Probabilistic.Examples.Gallery;
using Xunit;
using Xunit.Abstractions;

namespace Probabilistic.Tests.Inference.Gradient;

public class ScratchTiming(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var d = ModelDensity<Real[]>.Create(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma));
        output.WriteLine(string.Join(",", d.ColumnNames()) + " dim " + d.Dimension);
        var th = new double[d.Dimension]; var g = new double[d.Dimension];
        for (int i = 0; i < th.Length; i++) th[i] = 0.1 * i;
        for (int i = 0; i < 20000; i++) d.LogDensityGradient(th, g);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int n = 200000;
        for (int i = 0; i < n; i++) d.LogDensityGradient(th, g);
        output.WriteLine($"{sw.Elapsed.TotalMilliseconds * 1e3 / n:F3} us/grad; lp={d.LogDensityGradient(th, g)} g={string.Join(",", g.Select(x => x.ToString("F4")))}");
        var sw2 = System.Diagnostics.Stopwatch.StartNew();
        var r = HamiltonianRun.Run(k => { var dd = (ModelDensity<Real[]>)d.ForThread(); return new ChainSetup(dd, (q, x) => dd.Constrain(q, x), null); }, d.ConstrainedDimension, new NutsOptions { Chains = 2, Seed = 5 }, "Nuts", null, default);
        output.WriteLine($"nuts {sw2.ElapsedMilliseconds} ms; div={r.Sum(c => c.Statistics.Count(s => s.Divergent))} eps={r[0].StepSize} leap={r.Sum(c => c.Statistics.Sum(s => s.LeapfrogSteps))}");
        var names = d.ColumnNames();
        for (int j = 0; j < names.Count; j++) output.WriteLine($"{names[j]} mean {r.SelectMany(c => c.Draws).Average(x => x[j]):F3}");
    }
}
