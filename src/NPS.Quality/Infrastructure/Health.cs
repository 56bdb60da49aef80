using Marten;

namespace NPS.Quality.Infrastructure;

public static class Health
{
    /// <summary>GET /health: 200 when PostgreSQL answers, 503 otherwise. Open to all (monitoring).</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async (IDocumentStore store, HttpResponse response, CancellationToken ct) =>
            {
                try
                {
                    await using var session = store.QuerySession();
                    await session.QueryAsync<int>("select 1", ct);
                    return Results.Ok(new { status = "ok" });
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    response.Headers.RetryAfter = StoreFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Results.Problem(statusCode: 503, title: "Base de données injoignable",
                        detail: "PostgreSQL ne répond pas.");
                }
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
