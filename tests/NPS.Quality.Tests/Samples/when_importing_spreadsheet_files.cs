using System.Text;
using Alba;
using NPS.Quality.Samples;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;
using static NPS.Quality.Tests.Samples.SpreadsheetFiles;

namespace NPS.Quality.Tests.Samples;

/// <summary>Files as spreadsheet programs write them (fixtures made by LibreOffice Calc: see Samples/Fixtures/README.md).</summary>
public sealed class when_importing_spreadsheet_files(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Import = "/api/sites/paris-11/samples/import";

    private async Task<Dictionary<string, SampleItem>> Stored(string token)
        => (await (await Scenario(token, s => s.Get.Url("/api/sites/paris-11/samples?pageSize=100"))).ReadAsJsonAsync<SamplePageAnswer>())!
            .Items.ToDictionary(i => i.SampleId);

    private async Task<SamplePageAnswer> Page(string token)
        => (await (await Scenario(token, s => s.Get.Url("/api/sites/paris-11/samples?pageSize=100"))).ReadAsJsonAsync<SamplePageAnswer>())!;

    [Theory]
    [InlineData("lo-utf8-point-virgule.csv", "text/csv")]
    [InlineData("lo-windows1252-point-virgule.csv", "text/csv")]
    [InlineData("lo-utf8-virgule.csv", "text/csv")]
    [InlineData("lo-windows1252-virgule.csv", "text/csv")]
    [InlineData("lo-windows1252-point-virgule.csv", "text/csv; charset=windows-1252")]
    [InlineData("lo-utf8-virgule.csv", "text/csv; charset=utf-8")]
    [InlineData("lo-dates-en-cellules.xlsx", Xlsx)]
    public async Task a_file_saved_by_a_spreadsheet_program_keeps_every_accent(string file, string contentType)
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var result = await Scenario(lead, s => { s.PostFile(Import, Fixture(file), contentType); s.StatusCodeShouldBe(200); });
        (await result.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(5, 0));

        var items = await Stored(lead);
        items.Values.ShouldAllBe(i => !i.Indicator.Contains('\uFFFD'));
        items["F11-0001"].Delay.ShouldBe(12m);
        items["F11-0001"].Start.ShouldBe(DateTimeOffset.Parse("2017-10-02T09:05:00+02:00", System.Globalization.CultureInfo.InvariantCulture));
        items["F11-0004"].Delay.ShouldBe(9m); // working days, date only

        var comments = await CommentsAsync(lead);
        comments["F11-0001"].ShouldBe("Accueil très chargé");
        comments["F11-0002"].ShouldBe("Usager reçu après l'été, « bien orienté »");

        // The same file again: duplicates.
        var again = await Scenario(lead, s => { s.PostFile(Import, Fixture(file), contentType); s.StatusCodeShouldBe(200); });
        (await again.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(0, 5));
    }

    private async Task<Dictionary<string, string?>> CommentsAsync(string token)
    {
        var result = await Scenario(token, s => s.Get.Url("/api/sites/paris-11/samples?pageSize=100"));
        var json = System.Text.Json.JsonDocument.Parse(await result.ReadAsTextAsync());
        return json.RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("sampleId").GetString()!, i => i.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task date_cells_keep_their_seconds()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-dates-en-cellules.xlsx"), Xlsx); s.StatusCodeShouldBe(200); });
        (await Stored(lead))["F11-0003"].Delay.ShouldBe(40m); // 09:15:00 → 09:15:40, shown without seconds in the sheet
    }

    [Fact]
    public async Task a_bad_row_of_a_workbook_names_the_sheet_the_row_and_the_column_letter()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var result = await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-ligne-fausse.xlsx"), Xlsx); s.StatusCodeShouldBe(400); });
        var problem = await ProblemAnswer.From(result);
        var error = problem.Errors.ShouldNotBeNull().ShouldHaveSingleItem();
        error.Line.ShouldBe(3);
        error.Field.ShouldBe("fin");
        error.Message.ShouldContain("feuille « delais-ligne-fausse »");
        error.Message.ShouldContain("cellule D3");
        error.Message.ShouldContain("précède");
        problem.Detail.ShouldNotBeNull().ShouldContain("cellule D3");
        (await Page(lead)).Total.ShouldBe(0);
    }

    [Fact]
    public async Task rows_after_empty_rows_are_numbered_as_the_spreadsheet_shows_them()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var result = await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-lignes-vides.xlsx"), Xlsx); s.StatusCodeShouldBe(400); });
        var error = (await ProblemAnswer.From(result)).Errors.ShouldNotBeNull().ShouldHaveSingleItem();
        error.Line.ShouldBe(5);
        error.Field.ShouldBe("indicateur");
        error.Message.ShouldContain("cellule B5");
    }

    [Fact]
    public async Task a_windows_1252_file_with_a_byte_that_fits_no_encoding_is_refused_naming_the_line()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var bytes = Fixture("lo-windows1252-point-virgule.csv").ToList();
        var third = IndexOfLine(bytes, 3);
        bytes.Insert(third + 2, 0x81); // undefined in Windows-1252, invalid in UTF-8
        var result = await Scenario(lead, s => { s.PostFile(Import, bytes.ToArray(), "text/csv"); s.StatusCodeShouldBe(400); });
        var problem = await ProblemAnswer.From(result);
        problem.Errors.ShouldNotBeNull().ShouldHaveSingleItem().Line.ShouldBe(3);
        problem.Detail.ShouldNotBeNull().ShouldContain("Windows-1252");
        problem.Detail.ShouldContain("ligne 3");
        (await Page(lead)).Total.ShouldBe(0);
    }

    [Fact]
    public async Task a_windows_1252_file_announced_as_utf_8_is_refused_instead_of_damaged()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var result = await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-windows1252-point-virgule.csv"), "text/csv; charset=utf-8"); s.StatusCodeShouldBe(400); });
        var problem = await ProblemAnswer.From(result);
        problem.Detail.ShouldNotBeNull().ShouldContain("UTF-8");
        problem.Errors.ShouldNotBeNull().ShouldHaveSingleItem().Line.ShouldBe(1); // "Début" in the header
        (await Page(lead)).Total.ShouldBe(0);
    }

    [Fact]
    public async Task a_replacement_character_already_in_the_file_is_refused()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var csv = "identifiant;indicateur;debut;fin;methode;commentaire\nX-1;ACC-01-ATTENTE;02/10/2017 09:00;02/10/2017 09:30;file_attente;Accueil tr\uFFFDs charg\uFFFD\n";
        var result = await Scenario(lead, s => { s.PostFile(Import, Encoding.UTF8.GetBytes(csv), "text/csv"); s.StatusCodeShouldBe(400); });
        (await ProblemAnswer.From(result)).Errors.ShouldNotBeNull().ShouldHaveSingleItem().Line.ShouldBe(2);
    }

    [Fact]
    public async Task a_header_that_does_not_match_says_which_separator_was_found_and_what_was_expected()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var csv = "id|indicateur|debut|fin\nX|ACC-01-ATTENTE|02/10/2017 09:00|02/10/2017 09:30\n";
        var result = await Scenario(lead, s => { s.PostFile(Import, Encoding.UTF8.GetBytes(csv), "text/csv"); s.StatusCodeShouldBe(400); });
        var problem = await ProblemAnswer.From(result);
        problem.Detail.ShouldNotBeNull().ShouldContain("séparateur détecté");
        problem.Detail.ShouldContain("identifiant, indicateur, debut, fin");

        var tabs = "identifiant\tindicateur\tdebut\tfin\nT-1\tACC-01-ATTENTE\t02/10/2017 09:00\t02/10/2017 09:30\n";
        var ok = await Scenario(lead, s => { s.PostFile(Import, Encoding.UTF8.GetBytes(tabs), "text/csv"); s.StatusCodeShouldBe(200); });
        (await ok.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(1, 0));
    }

    [Fact]
    public async Task a_column_named_twice_is_refused_naming_it()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var csv = "identifiant;indicateur;debut;fin;Début\nX;ACC-01-ATTENTE;02/10/2017 09:00;02/10/2017 09:30;02/10/2017 09:00\n";
        var result = await Scenario(lead, s => { s.PostFile(Import, Encoding.UTF8.GetBytes(csv), "text/csv"); s.StatusCodeShouldBe(400); });
        (await ProblemAnswer.From(result)).Errors.ShouldNotBeNull().ShouldContain(e => e.Field == "debut" && e.Message.Contains("deux fois"));
    }

    [Fact]
    public async Task ods_and_other_kinds_of_file_get_a_415_saying_what_is_accepted()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var ods = await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-delais.ods"), "application/vnd.oasis.opendocument.spreadsheet"); s.StatusCodeShouldBe(415); });
        (await ProblemAnswer.From(ods)).Detail.ShouldNotBeNull().ShouldContain(".xlsx");

        var pdf = await Scenario(lead, s => { s.PostFile(Import, "%PDF-1.4"u8.ToArray(), "application/pdf"); s.StatusCodeShouldBe(415); });
        var detail = (await ProblemAnswer.From(pdf)).Detail.ShouldNotBeNull();
        detail.ShouldContain("CSV");
        detail.ShouldContain(".xlsx");

        // A workbook sent as CSV is recognised by its bytes and read as a workbook.
        var xlsxAsCsv = await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-dates-en-cellules.xlsx"), "text/csv"); s.StatusCodeShouldBe(200); });
        (await xlsxAsCsv.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(5, 0));
    }

    [Theory]
    [InlineData("identifiant;indicateur\n", ';')]
    [InlineData("identifiant,indicateur;x\n", ';')]
    [InlineData("\"a;b\",indicateur,debut\n", ',')]
    [InlineData("identifiant\tindicateur\tdebut\n", '\t')]
    public void the_separator_is_the_one_the_header_holds_most_of(string header, char expected)
        => SampleCsv.DetectSeparator(header).ShouldBe(expected);

    [Fact]
    public void text_is_utf_8_when_it_is_valid_utf_8_and_windows_1252_otherwise()
    {
        SampleText.Decode(Encoding.UTF8.GetBytes("Début"), null).ShouldSatisfyAllConditions(
            d => d.EncodingName.ShouldBe("UTF-8"), d => d.Text.ShouldBe("Début"));
        SampleText.Decode([0x44, 0xE9, 0x62, 0x75, 0x74], null).ShouldSatisfyAllConditions(
            d => d.EncodingName.ShouldBe("Windows-1252"), d => d.Text.ShouldBe("Début"));
        SampleText.Decode([0x80, 0x9C], SampleText.Windows1252).Text.ShouldBe("€œ");
        SampleText.Decode([0xEF, 0xBB, 0xBF, 0x41], null).Text.ShouldBe("A");
        SampleText.Decode([0x41, 0x0A, 0x42, 0x8D], null).Problem.ShouldNotBeNull().Detail.ShouldNotBeNull().ShouldContain("ligne 2");
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void column_letters_are_those_a_spreadsheet_shows(int index, string letter) => SampleSheet.Letter(index).ShouldBe(letter);

    private static int IndexOfLine(List<byte> bytes, int line)
    {
        var at = 0;
        for (var l = 1; l < line; l++) at = bytes.IndexOf((byte)'\n', at) + 1;
        return at;
    }
}
