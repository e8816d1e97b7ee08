namespace ValueChain.Data.Improve.Import;

/// <summary>The source cannot be read as an event log at all: no header, a column that is not there, a broken document.</summary>
public sealed class EventLogFormatException(string message, Exception? inner = null) : Exception(message, inner);
