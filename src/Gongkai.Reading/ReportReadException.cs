namespace Gongkai.Reading;

/// <summary>The input could not be read as a report at all. The message is Chinese and says why.</summary>
public sealed class ReportReadException(string message) : Exception(message);
