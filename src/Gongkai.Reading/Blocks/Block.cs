using Gongkai.Reports.Model;

namespace Gongkai.Reading.Blocks;

/// <summary>
/// A document flattened to what the assembler needs: lines of prose and table rows. Text, Markdown
/// and HTML all become blocks, so one assembler places values for every input format.
/// </summary>
internal abstract record Block(SourceLocation Source);

/// <summary>A line or paragraph of prose (raw text as printed).</summary>
internal sealed record ParagraphBlock(string Text, SourceLocation Source) : Block(Source);

/// <summary>
/// A table row. Cells are in printed order; a position covered by a merged cell of another row or
/// column is an empty string, as in tab-separated text exported from a merged table.
/// </summary>
internal sealed record RowBlock(string[] Cells, SourceLocation[] CellSources, SourceLocation Source) : Block(Source);
