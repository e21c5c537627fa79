using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Data;

/// <summary>
/// Names in pinyin order (阿明, 李四, 王五, 张三, 赵六), as staff expect a list of people to be sorted, rather than
/// by code point. PostgreSQL has ICU's Chinese collation built in (<c>"zh-x-icu"</c>, pinyin by default); SQLite
/// has none, so every SQLite connection gets <see cref="SqliteName"/>, backed by .NET's ICU comparer for zh-CN
/// (the project keeps <c>InvariantGlobalization</c> off for this). Both are ICU's zh collation, so both
/// databases give the same order.
/// </summary>
public static class ChineseCollation
{
    public const string SqliteName = "zh_pinyin";
    public const string PostgresName = "zh-x-icu";

    private static readonly CompareInfo Chinese = CultureInfo.GetCultureInfo("zh-CN").CompareInfo;

    /// <summary>Pinyin order; strings ICU holds equal are told apart by code point, so the order is total.</summary>
    public static int Compare(string? a, string? b)
    {
        var byPinyin = Chinese.Compare(a, b, CompareOptions.None);
        return byPinyin != 0 ? byPinyin : string.CompareOrdinal(a, b);
    }

    /// <summary><paramref name="query"/> ordered by a text column in pinyin order on either database.</summary>
    public static IOrderedQueryable<T> OrderByPinyin<T>(this IQueryable<T> query, GongkaiDbContext db, Expression<Func<T, string>> key)
    {
        // EF needs the collation's name as a constant in the expression, hence one lambda per database.
        var collation = db.Database.IsNpgsql() ? PostgresName : SqliteName;
        var parameter = key.Parameters[0];
        var collated = Expression.Call(
            typeof(RelationalDbFunctionsExtensions).GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!.MakeGenericMethod(typeof(string)),
            Expression.Property(null, typeof(EF).GetProperty(nameof(EF.Functions))!), key.Body, Expression.Constant(collation));
        return query.OrderBy(Expression.Lambda<Func<T, string>>(collated, parameter));
    }

    /// <summary>Registers <see cref="SqliteName"/> on a SQLite connection (each time it opens).</summary>
    public static void Register(System.Data.Common.DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateCollation(SqliteName, static (a, b) => Compare(a, b));
        }
    }
}

/// <summary>Registers the Chinese collation on every SQLite connection EF opens.</summary>
public sealed class SqliteCollations : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteCollations Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        ChineseCollation.Register(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ChineseCollation.Register(connection);
        return Task.CompletedTask;
    }
}
