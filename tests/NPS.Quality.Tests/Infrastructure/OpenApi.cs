using System.Text.Json;
using Alba;
using Shouldly;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>The OpenAPI document read as JSON: assertions name a path and an operation, never a substring of the text.</summary>
public static class OpenApi
{
    public static async Task<JsonElement> DocumentAsync(IAlbaHost host)
    {
        var result = await host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        return JsonDocument.Parse(result.ReadAsText()).RootElement;
    }

    /// <summary><c>paths[path][method]</c>, failing with the path's name when it is absent.</summary>
    public static JsonElement Operation(JsonElement document, string method, string path)
    {
        document.GetProperty("paths").TryGetProperty(path, out var item).ShouldBeTrue($"{path} is not in the OpenAPI document");
        item.TryGetProperty(method, out var operation).ShouldBeTrue($"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
        return operation;
    }
}
