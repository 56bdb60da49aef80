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
        var problem = StoreFailures.Map(exception);
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = StoreFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
