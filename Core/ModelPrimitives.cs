using Probabilistic.Syntax;

namespace Probabilistic;

/// <summary>
/// The model DSL's primitives and combinators. Bring them into scope with
/// <c>using static Probabilistic.Model;</c> and compose them with LINQ query syntax:
/// <code>
/// from rain in Sample("rain", Bernoulli(0.2))
/// from wet  in Sample("wet", Bernoulli(rain ? 0.9 : 0.1))
/// select rain
/// </code>
/// </summary>
public static class Model
{
    /// <summary>A random choice named <paramref name="address"/> (relative to the current namespace) drawn from <paramref name="distribution"/>.</summary>
    public static Model<T> Sample<T>(Address address, IDistribution<T> distribution)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(distribution);
        if (address.IsRoot) throw new ArgumentException("Sample: the address must not be empty.", nameof(address));
        return new SampleNode<T>(address, distribution);
    }

    /// <summary>
    /// A learnable scalar parameter named <paramref name="address"/> (Pyro's <c>pyro.param</c>): its value comes from the
    /// run's parameter source (a store that variational inference optimizes; see <see cref="ModelLinq.WithParameters{T}"/>),
    /// which creates it from <paramref name="init"/> on first use and keeps it inside <paramref name="constraint"/>
    /// (a support such as <c>Support.Positive</c>; null for the real line). Without a source it is <paramref name="init"/>.
    /// </summary>
    public static Model<Real> Param(Address address, Real init, IParameterConstraint? constraint = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsRoot) throw new ArgumentException("Param: the address must not be empty.", nameof(address));
        if (!double.IsFinite(init.Value)) throw new ArgumentException($"Param: the initial value of '{address}' must be finite, but is {init.Value:R}.", nameof(init));
        return new ParamNode(address, init, constraint);
    }

    /// <summary>A learnable vector parameter (see <see cref="Param(Address, Real, IParameterConstraint?)"/>); a simplex constraint keeps it on the simplex.</summary>
    public static Model<Real[]> Param(Address address, Real[] init, IParameterConstraint? constraint = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(init);
        if (address.IsRoot) throw new ArgumentException("Param: the address must not be empty.", nameof(address));
        if (init.Length == 0) throw new ArgumentException($"Param: the initial value of '{address}' is empty.", nameof(init));
        for (int i = 0; i < init.Length; i++)
            if (!double.IsFinite(init[i].Value)) throw new ArgumentException($"Param: element {i} of the initial value of '{address}' must be finite, but is {init[i].Value:R}.", nameof(init));
        return new VectorParamNode(address, (Real[])init.Clone(), constraint);
    }

    /// <summary>
    /// Scores the datum <paramref name="value"/> by its log density under <paramref name="distribution"/> (a likelihood term).
    /// A real datum (or element of a real vector) that is NaN or infinite is a <see cref="ModelException"/> here.
    /// </summary>
    public static Model<Unit> Observe<T>(IDistribution<T> distribution, T value)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ObservedValue.RequireFinite(value, "Observe", null);
        return new ObserveNode<T>(distribution, value, null);
    }

    /// <summary>Scores the datum <paramref name="value"/> and names it <paramref name="address"/>, so per-datum likelihoods can be read from the trace.</summary>
    public static Model<Unit> Observe<T>(Address address, IDistribution<T> distribution, T value)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(distribution);
        ObservedValue.RequireFinite(value, "Observe", address);
        return new ObserveNode<T>(distribution, value, address);
    }

    /// <summary>
    /// Observes every datum of <paramref name="data"/> under the distribution <paramref name="likelihood"/> gives it (with its index).
    /// A real datum that is NaN or infinite is a <see cref="ModelException"/> here, naming its index.
    /// </summary>
    public static Model<Unit> ObserveEach<TData>(IReadOnlyList<TData> data, Func<TData, int, IDistribution<TData>> likelihood)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(likelihood);
        ObservedValue.RequireAllFinite(data, "ObserveEach", null);
        return new FoldNode<Unit>(null, data.Count, Unit.Value, (_, i) => new ObserveNode<TData>(likelihood(data[i], i), data[i], null));
    }

    /// <summary>Observes every datum under <paramref name="likelihood"/>'s distribution, each named <c>name/i</c>.</summary>
    public static Model<Unit> ObserveEach<TData>(Address name, IReadOnlyList<TData> data, Func<TData, int, IDistribution<TData>> likelihood)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(likelihood);
        ObservedValue.RequireAllFinite(data, "ObserveEach", name);
        return new FoldNode<Unit>(null, data.Count, Unit.Value, (_, i) => new ObserveNode<TData>(likelihood(data[i], i), data[i], name.Child(i)));
    }

    /// <summary>Observes every real datum of <paramref name="data"/> under the distribution <paramref name="likelihood"/> gives it (with its index).</summary>
    public static Model<Unit> ObserveEach(IReadOnlyList<double> data, Func<double, int, IDistribution<Real>> likelihood)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(likelihood);
        ObservedValue.RequireAllFinite(data, "ObserveEach", null);
        return new FoldNode<Unit>(null, data.Count, Unit.Value, (_, i) => new ObserveNode<Real>(likelihood(data[i], i), data[i], null));
    }

    /// <summary>
    /// Observes the whole vector <paramref name="data"/> under a vectorized likelihood (e.g. <c>Normal(mu, sigma)</c> with
    /// a vector of means, Stan's <c>y ~ normal(mu, sigma)</c>) as <b>one</b> score, at the address <paramref name="name"/>
    /// itself (not <c>name/i</c>): the density is one tape node, and the trace holds one score for the vector. The same
    /// as <c>Observe(name, likelihood, data)</c>; a real datum that is NaN or infinite is a <see cref="ModelException"/>
    /// here, naming its index.
    /// </summary>
    public static Model<Unit> ObserveEach<TData>(Address name, TData[] data, IDistribution<TData[]> likelihood) => Observe(name, likelihood, data);

    /// <summary>Multiplies the program's weight by exp(<paramref name="logWeight"/>) (−∞ rules the execution out).</summary>
    public static Model<Unit> Factor(Real logWeight) => new FactorNode(logWeight);

    /// <summary>Rules out executions where <paramref name="condition"/> is false (a factor of 0 or −∞ in log space).</summary>
    public static Model<Unit> Condition(bool condition) => condition ? Return(Unit.Value) : new FactorNode(double.NegativeInfinity);

    /// <summary>A program that returns <paramref name="value"/> and makes no choice.</summary>
    public static Model<T> Return<T>(T value) => new Pure<T>(value);

    /// <summary>Runs <paramref name="model"/> with all its addresses under <paramref name="address"/>.</summary>
    public static Model<T> Call<T>(Address address, Model<T> model)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(model);
        return new CallNode<T>(address, model);
    }

    /// <summary><paramref name="count"/> independent choices from <paramref name="distribution"/>, at <c>name/0 … name/(count−1)</c>.</summary>
    public static Model<T[]> Plate<T>(Address name, int count, IDistribution<T> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return Plate(name, count, _ => distribution);
    }

    /// <summary><paramref name="count"/> choices, the i-th from <paramref name="distribution"/>(i), at <c>name/i</c>.</summary>
    public static Model<T[]> Plate<T>(Address name, int count, Func<int, IDistribution<T>> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return Plate(name, count, i => (Model<T>)new SampleNode<T>(Address.Root, distribution(i) ?? throw new ModelException($"Plate '{name}': the distribution for index {i} is null.", name.Child(i))));
    }

    /// <summary><paramref name="count"/> sub-models, the i-th with its choices under <c>name/i</c>; returns their values.</summary>
    public static Model<T[]> Plate<T>(Address name, int count, Func<int, Model<T>> body)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        if (name.IsRoot) throw new ArgumentException("Plate: the name must not be empty.", nameof(name));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, $"Plate '{name}': the size must be non-negative.");
        return new CollectNode<T>(name, count, body);
    }

    /// <summary>
    /// A plate over <paramref name="size"/> conditionally independent items of which stochastic variational inference
    /// runs a random minibatch of <paramref name="subsampleSize"/> per step, with the scores inside scaled by
    /// size/subsampleSize (an unbiased estimate of the whole plate's log density); every other algorithm runs all the
    /// items. The body gets the datum index i and its choices are under <c>name/i</c>; the values come back in the
    /// minibatch's order (all <paramref name="size"/> of them, in index order, without subsampling).
    /// </summary>
    public static Model<T[]> Plate<T>(Address name, int size, int subsampleSize, Func<int, Model<T>> body)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        if (name.IsRoot) throw new ArgumentException("Plate: the name must not be empty.", nameof(name));
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, $"Plate '{name}': the size must be non-negative.");
        if (subsampleSize < 1 || subsampleSize > size)
            throw new ArgumentOutOfRangeException(nameof(subsampleSize), subsampleSize, $"Plate '{name}': the subsample size must be between 1 and the size {size}.");
        return new SubsampleNode<T>(name, size, subsampleSize, body);
    }

    /// <summary>
    /// A Markov chain of <paramref name="steps"/> steps from <paramref name="init"/>: s_{t+1} = <paramref name="step"/>(s_t, t),
    /// with step t's choices under <c>name/t</c>. Returns the last state. Runs in constant stack for any number of steps.
    /// </summary>
    public static Model<S> Fold<S>(Address name, int steps, S init, Func<S, int, Model<S>> step)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(step);
        if (name.IsRoot) throw new ArgumentException("Fold: the name must not be empty.", nameof(name));
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Fold '{name}': the number of steps must be non-negative.");
        return new FoldNode<S>(name, steps, init, step);
    }

    /// <summary>Runs the models in order (each in the current namespace) and returns their values.</summary>
    public static Model<T[]> Sequence<T>(IEnumerable<Model<T>> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var ms = models.ToArray();
        for (int i = 0; i < ms.Length; i++)
            if (ms[i] is null) throw new ArgumentNullException(nameof(models), $"Sequence: the model at position {i} is null.");
        return new CollectNode<T>(null, ms.Length, i => ms[i]);
    }
}

/// <summary>LINQ over models: <c>select</c>, <c>from … from …</c> and <c>let</c> (a monad's map and bind).</summary>
public static class ModelLinq
{
    /// <summary>Maps the return value (functor map).</summary>
    public static Model<B> Select<A, B>(this Model<A> model, Func<A, B> selector)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selector);
        return new MapNode<A, B>(model, selector);
    }

    /// <summary>Runs <paramref name="model"/>, then the program <paramref name="next"/> builds from its value (monadic bind).</summary>
    public static Model<B> SelectMany<A, B>(this Model<A> model, Func<A, Model<B>> next)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(next);
        return new BindNode<A, B>(model, next);
    }

    /// <summary>LINQ's bind with projection: <c>from a in model from b in next(a) select project(a, b)</c>.</summary>
    public static Model<C> SelectMany<A, B, C>(this Model<A> model, Func<A, Model<B>> next, Func<A, B, C> project)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(project);
        return new BindProjectNode<A, B, C>(model, next, project);
    }

    /// <summary>
    /// Maps the return value with explicit <paramref name="state"/>: with a <c>static</c> lambda no closure is
    /// allocated per run, which matters inside a long <c>Fold</c> (query syntax captures variables in closures).
    /// </summary>
    public static Model<B> Select<A, S, B>(this Model<A> model, S state, Func<S, A, B> selector)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selector);
        return new MapWithStateNode<A, S, B>(model, state, selector);
    }

    /// <summary>Monadic bind with explicit <paramref name="state"/> (see <see cref="Select{A, S, B}(Model{A}, S, Func{S, A, B})"/>).</summary>
    public static Model<B> SelectMany<A, S, B>(this Model<A> model, S state, Func<S, A, Model<B>> next)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(next);
        return new BindWithStateNode<A, S, B>(model, state, next);
    }

    /// <summary>Runs <paramref name="model"/> and continues with <paramref name="next"/>, ignoring the first value.</summary>
    public static Model<B> Then<A, B>(this Model<A> model, Model<B> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return model.SelectMany(_ => next);
    }

    /// <summary>
    /// Runs <paramref name="model"/> with its <c>Param</c> values read from <paramref name="parameters"/> (e.g. a fitted
    /// guide's parameter store), whatever interpretation runs it; the previous source is restored when it returns.
    /// </summary>
    public static Model<T> WithParameters<T>(this Model<T> model, IParameterSource parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        return new HandledNode<T>(model, new Interpretation.Handlers.Substitute(parameters, null!));
    }

    /// <summary>
    /// Runs <paramref name="model"/> with <paramref name="handler"/> on top of whatever interpretation runs it (Simulate,
    /// importance sampling, SMC, …): it sees the sub-program's choices after they are made and can change its scores
    /// before the interpretation weighs them (see <see cref="EffectHandler"/>; README, "Writing your own handler").
    /// Wrapping a model twice stacks the handlers, the outer one seeing each effect first.
    /// </summary>
    public static Model<T> Handle<T>(this Model<T> model, EffectHandler handler)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(handler);
        return new HandledNode<T>(model, new Interpretation.Handlers.UserHandler(handler, null!));
    }
}
