using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace NPS.Quality.Shared;

/// <summary>
/// What the store's failures mean for a client, decided once for the API and the pages: a writer that got in between
/// or a key taken at the same instant (409), a malformed or oversized body (400, 413), PostgreSQL out of reach (503).
/// </summary>
public static class StoreFailures
{
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
                    return Problems.TooLarge("Le corps de la requête dépasse la taille autorisée.");
                case System.Text.Json.JsonException json:
                    return Problems.Invalid("corps", $"JSON illisible : {json.Path ?? "document"} (ligne {json.LineNumber + 1}).");
                case BadHttpRequestException bad:
                    return new ProblemDetails { Status = bad.StatusCode, Title = "Requête invalide", Detail = "La requête est mal formée." };
            }
        }
        return null;
    }
}
