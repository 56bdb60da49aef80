using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Npgsql;
using Wolverine.Http;

namespace NPS.Quality.Samples;

public sealed record SampleView(
    string SampleId, string Indicator, DateTimeOffset Start, DateTimeOffset End, DateOnly SampleDate, decimal Delay, string Unit,
    string Method, string? Comment, DateTimeOffset RecordedAt, string RecordedBy,
    bool Voided, DateTimeOffset? VoidedAt, string? VoidReason, string? VoidedBy);

public sealed record SamplePage(int Page, int PageSize, int Total, IReadOnlyList<SampleView> Items);

public static class GetSamplesEndpoint
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Reads a yyyy-MM-dd query value; adds a French error when it does not parse.</summary>
    public static DateOnly? ReadDay(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(new FieldError(field, "date illisible : attendu aaaa-mm-jj", Value: text));
        return null;
    }

    /// <summary>
    /// The site's samples, newest first (by start, then id), voided ones included and marked. Filters: indicator, and
    /// from/to on the Paris date of the start (inclusive).
    /// </summary>
    [WolverineGet("/api/sites/{siteId}/samples"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SamplePage), 200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Get(string siteId, string? indicator, string? from, string? to, int? page, int? pageSize,
        IQuerySession session, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var fromDay = ReadDay(from, "from", errors);
        var toDay = ReadDay(to, "to", errors);
        if (fromDay > toDay) errors.Add(new FieldError("to", "la fin de la période précède son début", Value: to));
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1) errors.Add(new FieldError("page", "la page commence à 1", Value: p.ToString(CultureInfo.InvariantCulture)));
        if (size is < 1 or > MaxPageSize) errors.Add(new FieldError("pageSize", $"entre 1 et {MaxPageSize}", Value: size.ToString(CultureInfo.InvariantCulture)));
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));

        var items = new List<SampleView>();
        var total = 0;
        await using var command = new NpgsqlCommand(
            """
            select sample_id, indicator, start_at, end_at, sample_date, delay, unit, method, comment, recorded_at, recorded_by,
                   voided_at, void_reason, voided_by, count(*) over () as total
            from nps.delay_samples
            where site_id = $1 and ($2::text is null or indicator = $2)
              and ($3::date is null or sample_date >= $3) and ($4::date is null or sample_date <= $4)
            order by start_at desc, sample_id
            limit $5 offset $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)indicator ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)fromDay ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)toDay ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = size });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)(p - 1) * size });
        await using (var reader = await session.ExecuteReaderAsync(command, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                DateTimeOffset? voidedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11);
                items.Add(new SampleView(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateOnly>(4), reader.GetDecimal(5), reader.GetString(6),
                    reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9),
                    reader.GetString(10), voidedAt is not null, voidedAt, reader.IsDBNull(12) ? null : reader.GetString(12),
                    reader.IsDBNull(13) ? null : reader.GetString(13)));
                total = (int)reader.GetInt64(14);
            }
        }
        if (items.Count == 0 && p > 1)
        {
            // Past the last page: still say how many there are.
            await using var count = new NpgsqlCommand(
                """
                select count(*) from nps.delay_samples where site_id = $1 and ($2::text is null or indicator = $2)
                  and ($3::date is null or sample_date >= $3) and ($4::date is null or sample_date <= $4)
                """);
            foreach (NpgsqlParameter parameter in command.Parameters.Take(4).ToList())
                count.Parameters.Add(new NpgsqlParameter { Value = parameter.Value, NpgsqlDbType = parameter.NpgsqlDbType });
            await using var reader = await session.ExecuteReaderAsync(count, ct);
            if (await reader.ReadAsync(ct)) total = (int)reader.GetInt64(0);
        }
        return Results.Ok(new SamplePage(p, size, total, items));
    }
}
