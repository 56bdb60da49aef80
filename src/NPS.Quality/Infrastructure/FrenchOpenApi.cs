using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// Titles the OpenAPI document and adds the 401/403 answers every <c>/api</c> operation can give (the bearer
/// check is global, so no endpoint declares them itself). Endpoints declare their own 400/404/409.
/// </summary>
public sealed class FrenchOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "NPS Quality";
        document.Info.Description = "Suivi du label QualiParis des sites sociaux du Nouveau Paris Solidaire. " +
                                    "Toute route /api exige l'en-tête « Authorization: Bearer <jeton> ».";
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
            {
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Jeton manquant, inconnu ou révoqué" });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Action non autorisée pour ce rôle ou ce site" });
            }
        }
        return Task.CompletedTask;
    }
}
