using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>Page numbers and sizes are bounded: out of bounds is a French 400 naming the parameter, never a 500.</summary>
public sealed class when_paging_a_site_history(AppFixture fixture) : IntegrationContext(fixture)
{
    [Theory]
    [InlineData("page=2147483647", "page")]
    [InlineData("page=0", "page")]
    [InlineData("page=-3", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("pageSize=2147483647&page=2", "pageSize")]
    public async Task an_out_of_bounds_query_is_400_naming_the_parameter(string query, string field)
    {
        var result = await AsAdmin(s =>
        {
            s.Get.Url($"/api/sites/paris-11/history?{query}");
            s.StatusCodeShouldBe(400);
        });
        var problem = await ProblemAnswer.From(result);
        problem.Title.ShouldBe("Requête invalide");
        problem.Errors.ShouldNotBeNull().ShouldContain(e => e.Field == field && e.Message.StartsWith("entre 1 et "));
    }

    [Fact]
    public async Task the_last_allowed_page_is_an_empty_page()
    {
        var result = await AsAdmin(s => s.Get.Url("/api/sites/paris-11/history?page=100000&pageSize=1000"));
        result.ReadAsText().ShouldContain("\"events\":[]");
    }
}
