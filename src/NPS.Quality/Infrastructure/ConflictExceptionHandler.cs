using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// Turns the store's optimistic-concurrency failures into one French 409, everywhere: Wolverine.Http maps
/// no exception by itself. Also answers malformed bodies with a French 400, oversized ones with 413, and a database
/// that cannot be reached (refused or lost connection, server shutting down or starting, timeout) with 503 and
/// <c>Retry-After</c>: nothing was written, the client may try again.
/// </summary>
public sealed class ConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = Map(exception);
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>What a client is told to wait before retrying while PostgreSQL is unreachable.</summary>
    public const int RetryAfterSeconds = 5;

    public static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service momentanément indisponible",
        Detail = $"La base de données ne répond pas : rien n'a été enregistré. Réessayez dans {RetryAfterSeconds} secondes.",
    };

    /// <summary>
    /// PostgreSQL unreachable: a connection refused or reset (Npgsql wraps a SocketException or an IOException), a
    /// timeout while connecting or waiting for the pool, the server shutting down (57P01 admin, 57P02 crash) or not yet
    /// accepting connections (57P03), too many connections (53300), any connection-class error (08…).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e != null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient
                    || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException
                    || npgsql.Message.Contains("connection refused", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }

    /// <summary>A unique key taken at the same instant by another writer (the store wraps PostgreSQL's exception).</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e != null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }

    public static ProblemDetails? Map(Exception exception)
    {
        if (IsDatabaseUnavailable(exception)) return DatabaseUnavailable();
        for (var e = exception; e != null; e = e.InnerException)
        {
            switch (e)
            {
                case ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException:
                    return Problems.StaleVersion();
                case Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException:
                    return Problems.Conflict("Cet identifiant existe déjà.");
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return Problems.Conflict("Un enregistrement portant le même identifiant existe déjà (écriture concurrente) : rien n'a été enregistré.");
                case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    return new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "Requête trop volumineuse",
                        Detail = "Le corps de la requête dépasse la taille autorisée.",
                    };
                case System.Text.Json.JsonException json:
                    return Problems.Invalid("corps", $"JSON illisible : {json.Path ?? "document"} (ligne {json.LineNumber + 1}).");
                case BadHttpRequestException bad:
                    return new ProblemDetails { Status = bad.StatusCode, Title = "Requête invalide", Detail = "La requête est mal formée." };
            }
        }
        return null;
    }
}
