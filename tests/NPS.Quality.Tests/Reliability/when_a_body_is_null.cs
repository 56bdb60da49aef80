using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>A JSON body that is literally <c>null</c>, on every write endpoint taking JSON: a French 400 naming the body.</summary>
public sealed class when_a_body_is_null(AppFixture fixture) : IntegrationContext(fixture)
{
    public static TheoryData<string, string> WriteEndpoints => new()
    {
        { "admin", "/api/sites" },
        { "admin", "/api/sites/paris-11/referential" },
        { "admin", "/api/users" },
        { "lead", "/api/sites/paris-11/samples" },
        { "lead", "/api/sites/paris-11/samples/batch" },
        { "lead", "/api/sites/paris-11/samples/S-1/void" },
        { "auditor", "/api/sites/paris-11/audits" },
        { "auditor", "/api/audits/a-1/start" },
        { "auditor", "/api/audits/a-1/conclude" },
        { "auditor", "/api/audits/a-1/close" },
        { "auditor", "/api/audits/a-1/findings" },
        { "auditor", "/api/audits/a-1/findings/f-1/reword" },
        { "auditor", "/api/audits/a-1/findings/f-1/withdraw" },
        { "auditor", "/api/audits/a-1/findings/f-1/close" },
        { "auditor", "/api/audits/a-1/findings/f-1/actions" },
        { "auditor", "/api/audits/a-1/findings/f-1/actions/c-1/complete" },
        { "auditor", "/api/sites/paris-11/dossiers" },
        { "admin", "/api/programmes" },
        { "admin", "/api/programmes/p-1/swap" },
        { "admin", "/api/programmes/p-1/audits" },
        { "lead", "/api/me/reminders" },
    };

    [Theory, MemberData(nameof(WriteEndpoints))]
    public async Task it_is_a_french_400_naming_the_body(string who, string url)
    {
        var token = who switch
        {
            "admin" => AppFixture.AdminToken,
            "lead" => await TokenFor("quality_lead", "paris-11"),
            _ => await TokenFor("auditor"),
        };
        var result = await Scenario(token, s =>
        {
            s.Post.Text("null").ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
        });
        var problem = await ProblemAnswer.From(result);
        problem.Title.ShouldBe("Requête invalide");
        problem.Errors!.ShouldHaveSingleItem().Field.ShouldBe("corps");
    }
}
