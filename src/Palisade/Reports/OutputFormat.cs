namespace Palisade.Reports;

/// <summary>Output formats that report writers support (each command accepts a subset).</summary>
public enum OutputFormat
{
    Text,
    Json,
    Csv,
    Md,
    Junit,
    Sarif,
}
