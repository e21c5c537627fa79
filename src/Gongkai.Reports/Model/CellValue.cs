using System.Globalization;

namespace Gongkai.Reports.Model;

/// <summary>A number read from a table cell, with the digits as printed and where it was found.</summary>
/// <remarks>An absent cell is represented by a null <see cref="CellValue"/>, never by zero.</remarks>
public sealed record CellValue(decimal Value, string Text, SourceLocation Source)
{
    public static CellValue Of(decimal value) =>
        new(value, value.ToString(CultureInfo.InvariantCulture), default);

    public bool IsWholeNumber => decimal.Truncate(Value) == Value;

    public override string ToString() => Text;
}
