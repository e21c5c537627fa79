namespace Gongkai.Data.Cases;

/// <summary>
/// SQLite's full-text index of cases: an FTS5 table over Cases.SearchTerms (external content, so the terms
/// are stored once), row id = Cases.SearchRowId, built from the rows already there and then kept by triggers
/// on every insert, update and delete.
/// Used by the migration that creates it and by the case search (<c>CaseSearch MATCH …</c>).
/// </summary>
public static class SqliteCaseSearch
{
    public const string Create = """
        CREATE VIRTUAL TABLE IF NOT EXISTS CaseSearch USING fts5(SearchTerms, content='Cases', content_rowid='SearchRowId', tokenize='unicode61');
        INSERT INTO CaseSearch(CaseSearch) VALUES ('rebuild');
        CREATE TRIGGER IF NOT EXISTS Cases_search_insert AFTER INSERT ON Cases BEGIN
          INSERT INTO CaseSearch(rowid, SearchTerms) VALUES (new.SearchRowId, new.SearchTerms);
        END;
        CREATE TRIGGER IF NOT EXISTS Cases_search_delete AFTER DELETE ON Cases BEGIN
          INSERT INTO CaseSearch(CaseSearch, rowid, SearchTerms) VALUES ('delete', old.SearchRowId, old.SearchTerms);
        END;
        CREATE TRIGGER IF NOT EXISTS Cases_search_update AFTER UPDATE OF SearchTerms, SearchRowId ON Cases BEGIN
          INSERT INTO CaseSearch(CaseSearch, rowid, SearchTerms) VALUES ('delete', old.SearchRowId, old.SearchTerms);
          INSERT INTO CaseSearch(rowid, SearchTerms) VALUES (new.SearchRowId, new.SearchTerms);
        END;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS Cases_search_insert;
        DROP TRIGGER IF EXISTS Cases_search_delete;
        DROP TRIGGER IF EXISTS Cases_search_update;
        DROP TABLE IF EXISTS CaseSearch;
        """;
}

/// <summary>Row ids for cases saved before search existed: receipt day in the high bits (as <see cref="GongkaiDbContext.SearchRowId"/>), a unique part below.</summary>
public static class ExistingCaseSearchKeys
{
    /// <summary>SQLite: days since 0001-01-01 and the table's own row number.</summary>
    public const string Sqlite = """
        UPDATE "Cases" SET "SearchRowId" = (CAST(julianday("ReceivedOn") - julianday('0001-01-01') AS INTEGER) << 31) | ("rowid" & 2147483647);
        """;

    /// <summary>PostgreSQL: days since 0001-01-01 and 31 bits of a hash of the case id.</summary>
    public const string Postgres = """
        UPDATE "Cases" SET "SearchRowId" = ((("ReceivedOn" - DATE '0001-01-01')::bigint) << 31) | (hashtextextended("Id"::text, 0) & 2147483647);
        """;
}

/// <summary>
/// A covering index for table 三 (<c>Table3Query</c>): the counts read only the columns they group and filter by,
/// not the case rows (which carry the request, the answer and the search terms). Kept outside the EF model because
/// an index cannot name both the case's and its owned applicant's columns; both providers create it the same way.
/// </summary>
public static class Table3Index
{
    public const string Create = """
        CREATE INDEX IF NOT EXISTS "IX_Cases_Table3" ON "Cases" ("AgencyId", "ReceivedOn", "ClosedOn", "ApplicantCategory", "OutcomeRow");
        """;

    public const string Drop = """
        DROP INDEX IF EXISTS "IX_Cases_Table3";
        """;
}
