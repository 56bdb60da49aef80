using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NPS.Quality.Infrastructure;

/// <summary>Titles the OpenAPI document; every endpoint declares its own 400/404/409 answers.</summary>
public sealed class FrenchOpenApi : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "NPS Quality";
        document.Info.Description = "Suivi du label QualiParis des sites sociaux du Nouveau Paris Solidaire.";
        return Task.CompletedTask;
    }
}
