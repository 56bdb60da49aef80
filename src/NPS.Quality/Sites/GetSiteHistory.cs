using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using Npgsql;
using Wolverine.Http;

namespace NPS.Quality.Sites;

/// <summary>One line of a site's history: when, who, what.</summary>
public sealed record HistoryEntry(long Sequence, DateTimeOffset At, string? By, string Stream, string Type, string What, string? CorrelationId);

public sealed record SiteHistory(string SiteId, int Page, int PageSize, IReadOnlyList<HistoryEntry> Events);

public static class GetSiteHistoryEndpoint
{
    public const int DefaultPageSize = 200;
    public const int MaxPageSize = 1000;
    /// <summary>Pages are bounded too: a page number past this one is a mistake (or a probe), answered 400, never a huge OFFSET.</summary>
    public const int MaxPage = Bounds.MaxPage;

    /// <summary>
    /// GET /api/sites/{siteId}/history: every event of the site in the order it was stored. A site's events are
    /// its own stream, the sample streams keyed <c>samples:&lt;site&gt;:…</c>, and any stream whose first event names
    /// the site (audits, dossiers). Sample lists are summarized, not returned.
    /// </summary>
    [WolverineGet("/api/sites/{siteId}/history"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SiteHistory), 200), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var size = pageSize ?? DefaultPageSize;
        var number = page ?? 1;
        var errors = new List<FieldError>();
        Bounds.CheckPage(number, size, MaxPageSize, errors);
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));
        if (await session.LoadAsync<Site>(siteId, ct) is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;

        // The sample arrays can be large: only their length leaves the database.
        var sql = $"""
            select e.seq_id, e.timestamp, e.user_name, e.stream_id, e.type, e.correlation_id,
                   (e.data - 'samples')::text,
                   case when jsonb_typeof(e.data -> 'samples' -> 'ids') = 'array' then jsonb_array_length(e.data -> 'samples' -> 'ids') end
            from {schema}.mt_events e
            where e.stream_id = @site
               or e.stream_id like @prefix
               or e.stream_id in (select f.stream_id from {schema}.mt_events f where f.version = 1 and f.data ->> 'siteId' = @site)
            order by e.seq_id
            limit @limit offset @offset
            """;
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("site", siteId);
        command.Parameters.AddWithValue("prefix", $"samples:{siteId}:%");
        command.Parameters.AddWithValue("limit", size);
        command.Parameters.AddWithValue("offset", (long)(number - 1) * size);

        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(4);
            using var data = JsonDocument.Parse(reader.GetString(6));
            int? count = reader.IsDBNull(7) ? null : reader.GetInt32(7);
            entries.Add(new HistoryEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), type,
                HistoryText.Describe(type, data.RootElement, count), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return Results.Ok(new SiteHistory(siteId, number, size, entries));
    }
}

/// <summary>French one-liners for the history; an event type without one is shown by its name.</summary>
public static class HistoryText
{
    public static string Describe(string type, JsonElement data, int? sampleCount)
    {
        string S(string name) => data.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "?";
        return type switch
        {
            "site_registered" => $"Site enregistré sur {S("referential")} {S("referentialVersion")}",
            "site_referential_changed" => $"Passage du référentiel {S("fromVersion")} à {S("toVersion")}",
            "samples_recorded" => $"{sampleCount ?? 0} échantillon(s) enregistré(s)",
            "sample_voided" => $"Échantillon {S("sampleId")} annulé : {S("reason")}",
            "user_created" => $"Utilisateur {S("name")} créé ({RoleLabel(S("role"))})",
            "dossier_requested" => $"Dossier {(S("kind") == "afnor" ? "AFNOR" : "interne")} demandé pour la période du {S("from")} au {S("to")}",
            "dossier_rendered" => $"Dossier produit (SHA-256 {S("sha256")})",
            "dossier_failed" => $"Échec de la production du dossier : {S("reason")}",
            _ when sampleCount is not null => $"{type.Replace('_', ' ')} ({sampleCount} éléments)",
            _ => type.Replace('_', ' '),
        };
    }

    private static string RoleLabel(string stored)
        => Enum.TryParse<Access.Role>(stored, out var role) ? role.Label() : stored;
}
