using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
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
        var entries = await SiteHistoryReads.PageAsync(session, siteId, HistoryFilter.None, number, size, ct);
        return Results.Ok(new SiteHistory(siteId, number, size, entries));
    }
}

/// <summary>What a history page may be narrowed to: a kind of event, a person, a period (instants, end excluded), an order.</summary>
public sealed record HistoryFilter(string? Kind = null, string? By = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    HistoryOrder Order = HistoryOrder.Time, bool Descending = false)
{
    public static readonly HistoryFilter None = new();
}

public enum HistoryOrder { Time, Person, Type }

/// <summary>The kinds of event a reader filters on, each with its French label and the stored event types it covers.</summary>
public static class HistoryKinds
{
    public static readonly IReadOnlyList<(string Code, string Label, string[] Types)> All =
    [
        ("site", "Site et référentiel", ["site_registered", "site_referential_changed"]),
        ("echantillons", "Échantillons", ["samples_recorded", "sample_voided"]),
        ("audits", "Audits, constats et actions", ["audit_planned", "audit_started", "finding_recorded", "finding_reworded", "finding_withdrawn",
            "corrective_action_added", "corrective_action_completed", "finding_closed", "audit_concluded", "audit_closed"]),
        ("dossiers", "Dossiers", ["dossier_requested", "dossier_rendered", "dossier_failed"]),
        ("utilisateurs", "Utilisateurs", ["user_created", "user_revoked"]),
    ];

    public static string[]? TypesOf(string? code) => All.FirstOrDefault(k => k.Code == code).Types;
}

/// <summary>
/// A site's history, read once for the API (<c>GET /api/sites/{siteId}/history</c>) and the history page. A site's events
/// are its own stream, the sample streams keyed <c>samples:&lt;site&gt;:…</c>, and any stream whose first event names the
/// site (audits, dossiers, users of the site). Sample lists are summarized, not returned.
/// </summary>
public static class SiteHistoryReads
{
    private const string SiteEvents = """
        (e.stream_id = @site
           or e.stream_id like @prefix
           or e.stream_id in (select f.stream_id from {0}.mt_events f where f.version = 1 and f.data ->> 'siteId' = @site))
        """;

    public static async Task<List<HistoryEntry>> PageAsync(IQuerySession session, string siteId, HistoryFilter filter, int page, int size,
        CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var where = new List<string> { string.Format(System.Globalization.CultureInfo.InvariantCulture, SiteEvents, schema) };
        var types = HistoryKinds.TypesOf(filter.Kind);
        if (types is not null) where.Add("e.type = any(@types)");
        if (!string.IsNullOrWhiteSpace(filter.By)) where.Add("e.user_name = @by");
        if (filter.From is not null) where.Add("e.timestamp >= @from");
        if (filter.To is not null) where.Add("e.timestamp < @to");
        var direction = filter.Descending ? "desc" : "asc";
        var order = filter.Order switch
        {
            HistoryOrder.Person => $"e.user_name {direction} nulls last, e.seq_id desc",
            HistoryOrder.Type => $"e.type {direction}, e.seq_id desc",
            _ => $"e.seq_id {direction}",
        };

        // The sample arrays can be large: only their length leaves the database.
        var sql = $"""
            select e.seq_id, e.timestamp, e.user_name, e.stream_id, e.type, e.correlation_id,
                   (e.data - 'samples')::text,
                   case when jsonb_typeof(e.data -> 'samples' -> 'ids') = 'array' then jsonb_array_length(e.data -> 'samples' -> 'ids') end
            from {schema}.mt_events e
            where {string.Join(" and ", where)}
            order by {order}
            limit @limit offset @offset
            """;
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("site", siteId);
        command.Parameters.AddWithValue("prefix", $"samples:{siteId}:%");
        if (types is not null) command.Parameters.AddWithValue("types", types);
        if (!string.IsNullOrWhiteSpace(filter.By)) command.Parameters.AddWithValue("by", filter.By);
        if (filter.From is { } from) command.Parameters.AddWithValue("from", from.UtcDateTime);
        if (filter.To is { } to) command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.AddWithValue("limit", size);
        command.Parameters.AddWithValue("offset", (long)(page - 1) * size);

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
        return entries;
    }

    /// <summary>The people who acted on the site, for the history page's filter.</summary>
    public static async Task<List<string>> PeopleAsync(IQuerySession session, string siteId, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var sql = $"""
            select distinct e.user_name from {schema}.mt_events e
            where e.user_name is not null and {string.Format(System.Globalization.CultureInfo.InvariantCulture, SiteEvents, schema)}
            order by 1
            """;
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("site", siteId);
        command.Parameters.AddWithValue("prefix", $"samples:{siteId}:%");
        var people = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) people.Add(reader.GetString(0));
        return people;
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
            "samples_recorded" => (sampleCount ?? 0) switch
            {
                0 => "Aucun échantillon enregistré",
                1 => "1 échantillon enregistré",
                var n => $"{Fr.Number(n)} échantillons enregistrés",
            },
            "sample_voided" => $"Échantillon {S("sampleId")} annulé : {S("reason")}",
            "user_created" => $"Utilisateur {S("name")} créé ({RoleLabel(S("role"))})",
            "dossier_requested" => $"Dossier {(S("kind") == "afnor" ? "AFNOR" : "interne")} demandé pour la période du {S("from")} au {S("to")}",
            "dossier_rendered" => $"Dossier produit (SHA-256 {S("sha256")})",
            "dossier_failed" => $"Échec de la production du dossier : {S("reason")}",
            "user_revoked" => "Accès de l'utilisateur révoqué",
            "audit_planned" => $"{(S("kind") is "afnor" or "Afnor" ? "Audit externe AFNOR" : "Audit interne")} planifié pour le {Day(S("plannedOn"))}",
            "audit_started" => "Audit démarré",
            "finding_recorded" => $"Constat enregistré sur {S("engagement")} : {S("statement")}",
            "finding_reworded" => $"Constat reformulé : {S("reason")}",
            "finding_withdrawn" => $"Constat retiré : {S("reason")}",
            "finding_closed" => "Constat levé",
            "corrective_action_added" => $"Action corrective ajoutée : {S("description")} (responsable : {S("owner")}, échéance le {Day(S("dueOn"))})",
            "corrective_action_completed" => "Action corrective réalisée",
            "audit_concluded" => "Audit conclu",
            "audit_closed" => "Audit clôturé",
            _ when sampleCount is not null => $"{type.Replace('_', ' ')} ({sampleCount} éléments)",
            _ => type.Replace('_', ' '),
        };
    }

    private static string Day(string iso)
        => DateOnly.TryParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? Fr.Date(d) : iso;

    private static string RoleLabel(string stored)
        => Enum.TryParse<Access.Role>(stored, out var role) ? role.Label() : stored;
}
