using System.Collections;
using System.Data.Common;

namespace Gongkai.Batch.Dataset;

/// <summary>
/// Typed column arrays seen as a forward-only data reader, which MiniExcel streams into a sheet without a
/// dictionary per row.
/// </summary>
internal sealed class ColumnsDataReader(IReadOnlyList<string> names, IReadOnlyList<Array> columns, int rowCount) : DbDataReader
{
    private int row = -1;

    public override int FieldCount => names.Count;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int RecordsAffected => -1;

    public override bool HasRows => rowCount > 0;

    public override bool IsClosed => false;

    public override int Depth => 0;

    public override bool Read() => ++row < rowCount;

    public override bool NextResult() => false;

    public override string GetName(int ordinal) => names[ordinal];

    public override int GetOrdinal(string name) => names.ToList().IndexOf(name);

    public override Type GetFieldType(int ordinal) => columns[ordinal] switch
    {
        int?[] => typeof(int),
        decimal?[] => typeof(decimal),
        _ => typeof(string),
    };

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override object GetValue(int ordinal) => AuditDataset.Value(columns[ordinal], row) ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++)
        {
            values[i] = GetValue(i);
        }
        return n;
    }

    public override bool IsDBNull(int ordinal) => AuditDataset.Value(columns[ordinal], row) is null;

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetDecimal(ordinal);

    public override bool GetBoolean(int ordinal) => throw new NotSupportedException();

    public override byte GetByte(int ordinal) => throw new NotSupportedException();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override char GetChar(int ordinal) => throw new NotSupportedException();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();

    public override float GetFloat(int ordinal) => (float)GetDecimal(ordinal);

    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();

    public override short GetInt16(int ordinal) => (short)GetInt32(ordinal);

    public override long GetInt64(int ordinal) => GetInt32(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);
}
