using System.Text.Json;
using Alba;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>The ProblemDetails every rejection carries, read back for assertions.</summary>
public sealed record ProblemAnswer(int? Status, string? Title, string? Detail, List<ErrorAnswer>? Errors)
{
    public static async Task<ProblemAnswer> From(IScenarioResult result)
        => (await result.ReadAsJsonAsync<ProblemAnswer>())!;

    public string AllText => $"{Title} {Detail} {string.Join(" | ", Errors?.Select(e => $"{e.Line}:{e.Field}:{e.Value}:{e.Message}") ?? [])}";
}

public sealed record ErrorAnswer(string Field, string Message, int? Line, string? Value);
