using System.Text;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Checking;

/// <summary>
/// Evaluates the identities the schema declares (勾稽关系). A check needs every cell it involves:
/// where one is absent the identity is not evaluated and <c>cell-missing</c> reports the gap.
/// </summary>
internal static class ArithmeticRules
{
    public static void Check(AnnualReport report, List<Finding> findings)
    {
        foreach (var table in report.Tables)
        {
            foreach (var identity in table.Schema.Identities)
            {
                var rule = Rules.ById(identity.RuleId);
                if (identity.Axis == IdentityAxis.Rows)
                {
                    CheckRows(table, identity, rule, findings);
                }
                else
                {
                    CheckColumns(table, identity, rule, findings);
                }
            }
        }
    }

    private static void CheckRows(ReportTable table, TableIdentity identity, RuleDef rule, List<Finding> findings)
    {
        var schema = table.Schema;
        var left = identity.Left.Select(schema.RowIndex).ToArray();
        var right = identity.Right.Select(schema.RowIndex).ToArray();
        var columns = schema.Rows[left[0]].Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            if (!TrySum(table, left, c, out var leftSum) || !TrySum(table, right, c, out var rightSum) || leftSum == rightSum)
            {
                continue;
            }
            var message = $"{schema.Title}“{columns[c].Label}”列：{Terms(table, left, c)}，不等于 {Terms(table, right, c)}（{identity.Description}）";
            var first = table[left[0], c];
            findings.Add(new Finding(rule, message, Describe.Location(Describe.Cell(schema, schema.Rows[left[0]], columns[c]), first)));
        }
    }

    private static void CheckColumns(ReportTable table, TableIdentity identity, RuleDef rule, List<Finding> findings)
    {
        var schema = table.Schema;
        for (var r = 0; r < schema.Rows.Count; r++)
        {
            var row = schema.Rows[r];
            var left = identity.Left.Select(row.ColumnIndex).ToArray();
            var right = identity.Right.Select(row.ColumnIndex).ToArray();
            if (left.Contains(-1) || right.Contains(-1))
            {
                continue;
            }
            if (!TrySumRow(table, r, left, out var leftSum) || !TrySumRow(table, r, right, out var rightSum) || leftSum == rightSum)
            {
                continue;
            }
            var message = $"{Describe.Row(schema, row)}：{RowTerms(table, r, left)}，不等于 {RowTerms(table, r, right)}（{identity.Description}）";
            findings.Add(new Finding(rule, message, Describe.Location(Describe.Row(schema, row), table[r, left[0]])));
        }
    }

    private static bool TrySum(ReportTable table, int[] rows, int column, out decimal sum)
    {
        sum = 0;
        foreach (var r in rows)
        {
            if (table[r, column] is not { } cell)
            {
                return false;
            }
            sum += cell.Value;
        }
        return true;
    }

    private static bool TrySumRow(ReportTable table, int row, int[] columns, out decimal sum)
    {
        sum = 0;
        foreach (var c in columns)
        {
            if (table[row, c] is not { } cell)
            {
                return false;
            }
            sum += cell.Value;
        }
        return true;
    }

    /// <summary>"一（57）+ 二（0）= 57", or "三.七（54）" for a single term.</summary>
    private static string Terms(ReportTable table, int[] rows, int column)
    {
        var sb = new StringBuilder();
        decimal sum = 0;
        foreach (var r in rows)
        {
            var v = table[r, column]!.Value;
            sum += v;
            if (sb.Length > 0)
            {
                sb.Append(" + ");
            }
            sb.Append(table.Schema.Rows[r].Key).Append('（').Append(Describe.Number(v)).Append('）');
        }
        if (rows.Length > 1)
        {
            sb.Append(" = ").Append(Describe.Number(sum));
        }
        return sb.ToString();
    }

    private static string RowTerms(ReportTable table, int row, int[] columns)
    {
        var sb = new StringBuilder();
        decimal sum = 0;
        var defs = table.Schema.Rows[row].Columns;
        foreach (var c in columns)
        {
            var v = table[row, c]!.Value;
            sum += v;
            if (sb.Length > 0)
            {
                sb.Append(" + ");
            }
            sb.Append(defs[c].Label).Append(' ').Append(Describe.Number(v));
        }
        if (columns.Length > 1)
        {
            sb.Append(" = ").Append(Describe.Number(sum));
        }
        return sb.ToString();
    }
}
