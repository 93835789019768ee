using BenchmarkDotNet.Running;

namespace Probabilistic.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- --filter '*Name*'</c> runs the benchmarks whose name matches;
/// <c>-- nuts-vs-stan [--stan FILE]</c> runs our side of the NUTS comparison with Stan (see Stan/run.sh);
/// <c>-- glm-vs-stan</c> times the fused GLM likelihoods' gradients against Stan's normal_id_glm, bernoulli_logit_glm and poisson_log_glm on the same data (see Stan/run.sh);
/// <c>-- glm-gradient</c> times the fused GLM likelihoods' gradients against hand-written loops (Numerics/GlmGradientComparison.cs);
/// <c>-- vae-step</c> times the VAE ELBO step through the framework against hand-written TorchSharp;
/// <c>-- pathfinder</c> compares Pathfinder with ADVI and Pathfinder-initialized NUTS with the default initialization.
/// <c>-- metric</c> compares NUTS's metric adaptations (Stan's diagonal and dense, the Fisher diagonal, low rank) in min-ESS per CPU second.
/// <c>-- smc-vs-webppl</c> runs our side of the SMC comparison with WebPPL (see WebPpl/run.sh).
/// <c>-- smc-hmm [--particles N] [--rounds R]</c> times the Gaussian-HMM filters of SmcBenchmarks interleaved (hand-written, stream designs, compiled): min and median ns per particle-step.
/// <c>-- generated-density</c> times the generated log density of [Compiled] models against the interpreted one (recording, NUTS).
/// <c>-- svi-compiled</c> times an SVI step with the model scored by its generated density against the interpreter, and an SVI checkpoint and resume.
/// <c>-- fold-simulate</c> times a 1,000,000-step Fold under Simulate, compiled (typed slots) against interpreted.
/// <c>-- tensor-smc-scaling</c> times TensorSmc at T = 50/200/800, the compiled tensor particle program against re-execution.
/// <c>-- particle-mcmc</c> times PMMH and particle Gibbs on a [Compiled] random walk, compiled inner filters against interpreted.
/// <c>-- generated-gradient</c> times the generated double gradient against the compiled tape and a hand-written gradient (and NUTS).
/// <c>-- mh-steps</c> times single-site MH steps (Regenerate over typed slots) of [Compiled] models against interpreted ones.
/// <c>-- resume</c> times resuming a NUTS chain from a checkpoint's bytes, its size, and warm starts' ESS per CPU second (Checkpoints/ResumeComparison.cs).
/// <c>-- generator-time</c> times the [Compiled] generator over the Examples project in process (per step; against a baseline build with --baseline).
/// <c>-- cluster-overhead</c> times eight schools (8 chains × 2,000 iterations) on 3 in-process Orleans silos against Infer.Nuts, the checkpoints per segment and resuming a chain (Cluster/ClusterOverhead.cs).
/// <c>-- enumeration</c> times gradients of models whose discrete latents are enumerated against hand-marginalized ones.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "nuts-vs-stan") return Stan.NutsVersusStan.Run(args[1..]);
        if (args.Length > 0 && args[0] == "glm-vs-stan") return Stan.GlmVersusStan.Run(args[1..]);
        if (args.Length > 0 && args[0] == "glm-gradient") return Numerics.GlmGradientComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "vae-step") return Torch.VaeStepComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "pathfinder") return Pathfinder.PathfinderComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "island-smc") return Islands.IslandSmcComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "enumeration") return Enumeration.EnumerationComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "cluster-overhead") return Cluster.ClusterOverhead.Run(args[1..]);
        if (args.Length > 0 && args[0] == "resume") return Checkpoints.ResumeComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "metric") return Metrics.MetricComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "smc-vs-webppl") return WebPpl.SmcVersusWebPpl.Run(args[1..]);
        if (args.Length > 0 && args[0] == "smc-hmm") return SmcHmmInterleaved.Run(args[1..]);
        if (args.Length > 0 && args[0] == "generated-density") return Compiled.GeneratedDensityComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "fold-simulate") return FoldSimulateComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "mh-steps") return Compiled.MhStepComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "particle-mcmc") return Compiled.ParticleMcmcComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "generated-gradient") return Compiled.GeneratedGradientComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "smc-tensor") return Torch.SmcParticleStepComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "generator-time") return Compiled.GeneratorTimeComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "svi-compiled") return Variational.SviCompiledComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "tensor-smc-scaling") return Torch.TensorSmcScaling.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
