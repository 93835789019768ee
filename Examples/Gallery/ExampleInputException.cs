namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Something an example needs is missing or unusable (a data file, a native library): the message says what and how
/// to get it. The command line prints it as one line and exits with a non-zero code.
/// </summary>
public sealed class ExampleInputException(string message, Exception? inner = null) : Exception(message, inner);
