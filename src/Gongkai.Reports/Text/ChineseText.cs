using System.Text;

namespace Gongkai.Reports.Text;

/// <summary>Normalisation shared by the reader and the narrative checks.</summary>
public static class ChineseText
{
    /// <summary>
    /// Folds full-width digits, letters and punctuation to half-width (Unicode NFKC: "（一）５" →
    /// "(一)5"), ideographic spaces to spaces, and traditional characters to simplified ones.
    /// </summary>
    /// <remarks>
    /// Report text is almost all ASCII, CJK ideographs, CJK punctuation and full-width forms, whose NFKC
    /// forms are known; those are folded here without the ICU call, which dominated reading time.
    /// Any other character sends the string through <see cref="string.Normalize(NormalizationForm)"/>.
    /// </remarks>
    public static string Normalize(string text)
    {
        char[]? buffer = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                continue;
            }
            char folded;
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                if (!TraditionalChinese.TryMap(c, out folded))
                {
                    continue;
                }
            }
            else if (c is >= '\uFF01' and <= '\uFF5E')
            {
                folded = (char)(c - 0xFEE0);
            }
            else if (c == '\u3000')
            {
                folded = ' ';
            }
            else if (IsNfkcStable(c))
            {
                continue;
            }
            else
            {
                return SlowNormalize(text);
            }
            buffer ??= text.ToCharArray();
            buffer[i] = folded;
        }
        return buffer is null ? text : new string(buffer);
    }

    /// <summary>Characters common in reports that NFKC leaves unchanged.</summary>
    private static bool IsNfkcStable(char c) =>
        c is (>= '\u3001' and <= '\u3035') or '\u2013' or '\u2014' or '\u2018' or '\u2019' or '\u201C' or '\u201D'
            or '\u00B7' or '\u00D7' or '\u00F7' or '\u2116' or '\u25CB' or '\u25CF' or '\u2022' or '\uFFFD';

    private static string SlowNormalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        char[]? buffer = null;
        for (var i = 0; i < folded.Length; i++)
        {
            if (folded[i] >= 0x4E00 && TraditionalChinese.TryMap(folded[i], out var simplified))
            {
                buffer ??= folded.ToCharArray();
                buffer[i] = simplified;
            }
        }
        return buffer is null ? folded : new string(buffer);
    }

    /// <summary>
    /// The comparable form of a label: normalised, without whitespace, quotation marks, or the
    /// statutory numbering in front ("三、", "(一)", "1."). "(三) 不 予公开" and "（三）不予公开" both give "不予公开".
    /// </summary>
    public static string LabelKey(string label) => StripNumbering(Compact(Normalize(label)));

    /// <summary>Removes whitespace, quotation marks and Markdown emphasis; keeps everything else.</summary>
    public static string Compact(string text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsDropped(text[i]))
            {
                first = i;
                break;
            }
        }
        if (first < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (!IsDropped(text[i]))
            {
                sb.Append(text[i]);
            }
        }
        return sb.ToString();
    }

    private static bool IsDropped(char c) =>
        char.IsWhiteSpace(c) || c is '“' or '”' or '"' or '‘' or '’' or '\'' or '「' or '」' or '*' or '#';

    /// <summary>Removes a leading statutory numbering such as "三、", "(一)", "（七）", "1.", "1、", "(1)".</summary>
    public static string StripNumbering(string compact)
    {
        var i = 0;
        if (i < compact.Length && compact[i] is '(' or '（')
        {
            var close = compact.IndexOfAny([')', '）'], i + 1);
            if (close > i + 1 && close <= i + 4 && IsNumeral(compact.AsSpan(i + 1, close - i - 1)))
            {
                return compact[(close + 1)..];
            }
            return compact;
        }
        var j = i;
        while (j < compact.Length && (IsChineseNumeral(compact[j]) || char.IsAsciiDigit(compact[j])))
        {
            j++;
        }
        if (j > i && j <= i + 3 && j < compact.Length && compact[j] is '、' or '.' or '．' or ',')
        {
            return compact[(j + 1)..];
        }
        return compact;
    }

    public static bool IsChineseNumeral(char c) => "一二三四五六七八九十".Contains(c);

    private static bool IsNumeral(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsChineseNumeral(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return s.Length > 0;
    }

    /// <summary>Levenshtein distance, bounded: returns max+1 as soon as the distance exceeds max.</summary>
    public static int EditDistance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
