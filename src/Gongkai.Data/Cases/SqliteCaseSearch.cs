namespace Gongkai.Data.Cases;

/// <summary>
/// SQLite's full-text index of cases: an FTS5 table over Cases.SearchTerms (external content, so the terms
/// are stored once), row id = Cases.SearchRowId, kept by triggers on every insert, update and delete.
/// Used by the migration that creates it and by the case search (<c>CaseSearch MATCH …</c>).
/// </summary>
public static class SqliteCaseSearch
{
    public const string Create = """
        CREATE VIRTUAL TABLE IF NOT EXISTS CaseSearch USING fts5(SearchTerms, content='Cases', content_rowid='SearchRowId', tokenize='unicode61');
        CREATE TRIGGER IF NOT EXISTS Cases_search_insert AFTER INSERT ON Cases WHEN new.SearchRowId IS NOT NULL BEGIN
          INSERT INTO CaseSearch(rowid, SearchTerms) VALUES (new.SearchRowId, new.SearchTerms);
        END;
        CREATE TRIGGER IF NOT EXISTS Cases_search_delete AFTER DELETE ON Cases WHEN old.SearchRowId IS NOT NULL BEGIN
          INSERT INTO CaseSearch(CaseSearch, rowid, SearchTerms) VALUES ('delete', old.SearchRowId, old.SearchTerms);
        END;
        CREATE TRIGGER IF NOT EXISTS Cases_search_update AFTER UPDATE OF SearchTerms, SearchRowId ON Cases BEGIN
          INSERT INTO CaseSearch(CaseSearch, rowid, SearchTerms) SELECT 'delete', old.SearchRowId, old.SearchTerms WHERE old.SearchRowId IS NOT NULL;
          INSERT INTO CaseSearch(rowid, SearchTerms) SELECT new.SearchRowId, new.SearchTerms WHERE new.SearchRowId IS NOT NULL;
        END;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS Cases_search_insert;
        DROP TRIGGER IF EXISTS Cases_search_delete;
        DROP TRIGGER IF EXISTS Cases_search_update;
        DROP TABLE IF EXISTS CaseSearch;
        """;
}
