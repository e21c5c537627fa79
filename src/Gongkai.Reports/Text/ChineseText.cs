using System.Text;

namespace Gongkai.Reports.Text;

/// <summary>Normalisation shared by the reader and the narrative checks.</summary>
public static class ChineseText
{
    /// <summary>
    /// Folds full-width digits, letters and punctuation to half-width (Unicode NFKC: "（一）５" →
    /// "(一)5"), ideographic spaces to spaces, and traditional characters to simplified ones.
    /// </summary>
    public static string Normalize(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
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

    /// <summary>Removes whitespace and quotation marks; keeps everything else.</summary>
    public static string Compact(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '“' or '”' or '"' or '‘' or '’' or '\'' or '「' or '」' or '*' or '#')
            {
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

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
