using Marten;
using Npgsql;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// The events' JSON (<c>mt_events.data</c>) compressed with lz4 instead of PostgreSQL's default pglz, where the server has it
/// (PostgreSQL 14 or later, built with lz4, as the Debian packages are). A 100,000-sample import appends 12 MB of jsonb in
/// 20 events: pglz took ~145 ms to compress them inside the import's commit, lz4 ~13 ms (issue 17). Only the column's
/// setting changes, without a rewrite: values already stored stay as they are, and both read the same. Idempotent (start-up
/// runs it each time); a server without lz4 keeps pglz, and a lock not obtained within seconds leaves it for the next start.
/// </summary>
public static class EventCompression
{
    public static async Task UseLz4Async(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            do $$
            begin
              -- Nested: PL/pgSQL parses a statement when it first runs it, and before PostgreSQL 14 there is no attcompression.
              if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then
                if exists (select 1 from pg_attribute where attrelid = to_regclass('{events}') and attname = 'data' and attcompression <> 'l') then
                  perform set_config('lock_timeout', '5s', true);
                  alter table {events} alter column data set compression lz4;
                end if;
              end if;
            end $$
            """, connection);
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e)
        {
            // A speed setting, never a reason not to start.
            logger.LogWarning("Compression lz4 des événements non réglée ({Reason}) : nouvel essai au prochain démarrage.", e.MessageText);
        }
    }
}
