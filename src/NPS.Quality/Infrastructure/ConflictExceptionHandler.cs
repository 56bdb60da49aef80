using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// Turns the store's optimistic-concurrency failures into one French 409, everywhere: Wolverine.Http maps
/// no exception by itself. Also answers malformed bodies with a French 400 and oversized ones with 413.
/// </summary>
public sealed class ConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = Map(exception);
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Map(Exception exception)
    {
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
