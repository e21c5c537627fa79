using Gongkai.Reports.Model;

namespace Gongkai.Reading.Blocks;

/// <summary>
/// Splits plain text or Markdown into blocks: a line with tabs is a table row, a line of ` | ` cells
/// (Markdown or a table rendered as text) is a table row, anything else is prose.
/// </summary>
internal static class TextBlocks
{
    public static List<Block> Split(string text, int firstLine = 1, int table = 0)
    {
        var blocks = new List<Block>();
        var lineNo = firstLine - 1;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNo++;
            var line = rawLine.ToString();
            if (line.AsSpan().Trim().IsEmpty)
            {
                continue;
            }
            var block = Classify(line, new SourceLocation(lineNo, Table: table));
            if (block is not null)
            {
                blocks.Add(block);
            }
        }
        return blocks;
    }

    /// <summary>Classifies one line; returns null for a Markdown table's separator line.</summary>
    public static Block? Classify(string line, SourceLocation at)
    {
        if (line.Contains('\t'))
        {
            return Row(line.Split('\t'), at);
        }
        var trimmed = line.Trim();
        if (IsPipeRow(trimmed))
        {
            var cells = SplitPipes(trimmed);
            if (cells.All(c => c.Trim().Trim(':').Length > 0 && c.Trim().Trim(':').All(ch => ch == '-')))
            {
                return null;
            }
            return Row(cells, at);
        }
        return new ParagraphBlock(line, at);
    }

    private static RowBlock Row(string[] cells, SourceLocation at)
    {
        var sources = new SourceLocation[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = cells[i].Trim();
            sources[i] = at with { Cell = i + 1 };
        }
        return new RowBlock(cells, sources, at);
    }

    private static bool IsPipeRow(string trimmed)
    {
        if (trimmed.StartsWith('|') && trimmed.Length > 1)
        {
            return true;
        }
        var count = 0;
        for (var i = 0; i + 2 < trimmed.Length; i++)
        {
            if (trimmed[i] == ' ' && trimmed[i + 1] == '|' && trimmed[i + 2] == ' ')
            {
                count++;
            }
        }
        return count >= 2;
    }

    /// <summary>Splits on unescaped pipes, dropping the outer ones.</summary>
    private static string[] SplitPipes(string trimmed)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '\\' && i + 1 < trimmed.Length && trimmed[i + 1] == '|')
            {
                current.Append('|');
                i++;
            }
            else if (c == '|')
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        cells.Add(current.ToString());
        if (trimmed.StartsWith('|'))
        {
            cells.RemoveAt(0);
        }
        if (trimmed.EndsWith('|') && cells.Count > 0)
        {
            cells.RemoveAt(cells.Count - 1);
        }
        return [.. cells];
    }
}
