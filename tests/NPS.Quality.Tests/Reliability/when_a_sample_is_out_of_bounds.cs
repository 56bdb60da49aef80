using System.Text;
using Alba;
using NPS.Quality.Samples;
using NPS.Quality.Tests.Infrastructure;
using NPS.Quality.Tests.Samples;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// The bounds of Shared/Bounds.cs and DelayCalculator, met by the JSON, batch and CSV paths alike: a French 400 naming
/// the field or line, nothing written, never a 500.
/// </summary>
public sealed class when_a_sample_is_out_of_bounds(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Samples = "/api/sites/paris-11/samples";

    private async Task<ProblemAnswer> Refused(string token, Action<Scenario> send, int status = 400)
    {
        var result = await Scenario(token, s => { send(s); s.StatusCodeShouldBe(status); });
        var problem = await ProblemAnswer.From(result);
        problem.Title.ShouldBe("Requête invalide");
        return problem;
    }

    private async Task<int> Count(string token)
        => (await (await Scenario(token, s => s.Get.Url(Samples))).ReadAsJsonAsync<SamplePageAnswer>())!.Total;

    [Fact]
    public async Task a_desk_wait_of_three_weeks_is_refused()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var problem = await Refused(lead, s => s.Post.Json(new
        {
            sampleId = "S-1", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-23T09:20:00+02:00", method = "file_attente",
        }).ToUrl(Samples));
        problem.Errors!.ShouldHaveSingleItem().Field.ShouldBe("end");
        problem.Errors![0].Message.ShouldContain("24 heures");
        (await Count(lead)).ShouldBe(0);
    }

    [Fact]
    public async Task a_desk_wait_of_a_whole_day_is_still_accepted()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s =>
        {
            s.Post.Json(new { sampleId = "S-1", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-03T09:00:00+02:00", method = "file_attente" })
                .ToUrl(Samples);
            s.StatusCodeShouldBe(201);
        });
    }

    [Fact]
    public async Task a_working_day_delay_over_eight_millennia_is_refused_at_once()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var problem = await Refused(lead, s => s.Post.Json(new
        {
            sampleId = "S-1", indicator = "RDV-01-DELAI", start = "0001-01-02T09:00:00+00:00", end = "9999-12-30T09:00:00+00:00", method = "auto_mesure",
        }).ToUrl(Samples));
        problem.Errors!.Select(e => e.Field).ShouldBe(["start", "end"], ignoreOrder: true);
        problem.Errors!.ShouldAllBe(e => e.Message.Contains("plage acceptée"));
    }

    [Fact]
    public async Task an_answer_more_than_a_year_late_is_refused()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var problem = await Refused(lead, s => s.Post.Json(new
        {
            sampleId = "S-1", indicator = "RDV-01-DELAI", start = "2017-10-02T09:00:00+02:00", end = "2018-10-04T09:00:00+02:00", method = "auto_mesure",
        }).ToUrl(Samples));
        problem.Errors!.ShouldHaveSingleItem().Message.ShouldContain("366 jours");
    }

    [Fact]
    public async Task a_nul_in_a_comment_is_refused_naming_the_field()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var problem = await Refused(lead, s => s.Post.Json(new
        {
            sampleId = "S-1", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:20:00+02:00", method = "file_attente",
            comment = "attente\u0000longue",
        }).ToUrl(Samples));
        problem.Errors!.ShouldHaveSingleItem().Field.ShouldBe("comment");
        problem.Errors![0].Message.ShouldContain("U+0000");
        (await Count(lead)).ShouldBe(0);
    }

    [Fact]
    public async Task a_multi_line_comment_with_a_tab_is_accepted()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s =>
        {
            s.Post.Json(new
            {
                sampleId = "S-1", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:20:00+02:00", method = "file_attente",
                comment = "première ligne\r\nseconde\tligne",
            }).ToUrl(Samples);
            s.StatusCodeShouldBe(201);
        });
    }

    [Fact]
    public async Task a_control_character_in_a_batch_item_names_its_index_and_writes_nothing()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var problem = await Refused(lead, s => s.Post.Json(new object[]
        {
            SampleHelpers.Waiting("S-1", 10),
            new { sampleId = "S-2\u001b", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:20:00+02:00", method = "file_attente" },
        }).ToUrl(Samples + "/batch"));
        problem.Errors!.ShouldHaveSingleItem().Field.ShouldBe("[1].sampleId");
        (await Count(lead)).ShouldBe(0);
    }

    [Fact]
    public async Task a_nul_in_a_csv_cell_is_refused_naming_the_line()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var csv = $"{SampleHelpers.Header}\nS-1;ACC-01-ATTENTE;02/10/2017 09:00;02/10/2017 09:10;file_attente;\nS-2;ACC-01-ATTENTE;02/10/2017 09:00;02/10/2017 09:10;file_attente;nul\u0000ici\n";
        var problem = await Refused(lead, s => s.PostCsv(Samples + "/import", csv));
        var error = problem.Errors!.ShouldHaveSingleItem();
        (error.Line, error.Field).ShouldBe((3, "commentaire"));
        (await Count(lead)).ShouldBe(0);
    }

    [Fact]
    public async Task a_csv_date_in_year_one_is_a_400_naming_the_line()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var csv = $"{SampleHelpers.Header}\nS-1;ACC-01-ATTENTE;01/01/0001 00:00;02/10/2017 09:10;file_attente;\n";
        var problem = await Refused(lead, s => s.PostCsv(Samples + "/import", csv));
        var error = problem.Errors!.ShouldHaveSingleItem();
        (error.Line, error.Field).ShouldBe((2, "debut"));
        error.Message.ShouldContain("plage acceptée");
    }

    [Fact]
    public async Task a_csv_header_naming_a_column_twice_is_refused_naming_it()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var csv = "identifiant;indicateur;debut;fin;Début\nS-1;ACC-01-ATTENTE;02/10/2017 09:00;02/10/2017 09:10;03/10/2017 09:00\n";
        var problem = await Refused(lead, s => s.PostCsv(Samples + "/import", csv));
        var error = problem.Errors!.ShouldHaveSingleItem();
        (error.Line, error.Field).ShouldBe((1, "debut"));
        (await Count(lead)).ShouldBe(0);
    }

    [Theory]
    [InlineData("page=2147483647", "page")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("indicator=ACC%00", "indicator")]
    public async Task a_sample_page_out_of_bounds_is_a_400_naming_the_parameter(string query, string field)
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var problem = await Refused(lead, s => s.Get.Url($"{Samples}?{query}"));
        problem.Errors!.ShouldContain(e => e.Field == field);
    }
}
