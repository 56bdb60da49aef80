using System.Globalization;
using System.IO.Compression;
using System.Text;
using Alba;
using ExcelDataReader;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;
using static NPS.Quality.Tests.Samples.SpreadsheetFiles;

namespace NPS.Quality.Tests.Samples;

/// <summary>Every export read back: the xlsx with ExcelDataReader, the CSV as French Excel reads it (UTF-8 BOM, ';', decimal comma).</summary>
public sealed class when_exporting_spreadsheets(AppFixture fixture) : AuditContext(fixture)
{
    private const string Import = "/api/sites/paris-11/samples/import";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    static when_exporting_spreadsheets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The five LibreOffice samples, one with a fractional delay, one voided.</summary>
    private async Task<string> SomeSamples()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s => { s.PostFile(Import, Fixture("lo-dates-en-cellules.xlsx"), Xlsx); s.StatusCodeShouldBe(200); });
        await Scenario(lead, s =>
        {
            s.Post.Json(new { sampleId = "J-1", indicator = "ACC-01-ATTENTE", start = "2017-10-04T09:00:00+02:00", end = "2017-10-04T09:12:30+02:00",
                method = "file_attente", comment = "=SOMME(A1:A2) ; «formule»" }).ToUrl("/api/sites/paris-11/samples");
            s.StatusCodeShouldBe(201);
        });
        await Scenario(lead, s => { s.Post.Json(new { reason = "saisi deux fois" }).ToUrl("/api/sites/paris-11/samples/F11-0002/void"); s.StatusCodeShouldBe(200); });
        return lead;
    }

    private async Task<byte[]> Get(string token, string url, string contentType)
    {
        var result = await Scenario(token, s => { s.Get.Url(url); s.StatusCodeShouldBe(200); });
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith(contentType);
        result.Context.Response.Headers.ContentDisposition.ToString().ShouldContain("attachment");
        var body = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(body, Ct);
        return body.ToArray();
    }

    /// <summary>As French Excel opens a CSV: UTF-8 with BOM, ';', quotes doubled.</summary>
    private static List<string[]> ReadCsv(byte[] bytes)
    {
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ';') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add([.. fields]); fields.Clear(); }
            else field.Append(c);
        }
        return rows;
    }

    private static List<object?[]> ReadXlsx(byte[] bytes, out List<string> sheets)
    {
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(new MemoryStream(bytes));
        sheets = [];
        var rows = new List<object?[]>();
        do
        {
            sheets.Add(reader.Name);
            while (sheets.Count == 1 && reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.GetValue(i);
                rows.Add(row);
            }
        } while (reader.NextResult());
        return rows;
    }

    private static string SheetXml(byte[] xlsx, int sheet = 1)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.GetEntry($"xl/worksheets/sheet{sheet}.xml")!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task the_samples_csv_opens_in_french_excel_and_re_imports_as_duplicates()
    {
        var lead = await SomeSamples();
        var csv = await Get(lead, "/api/sites/paris-11/samples/export?format=csv", "text/csv");
        var rows = ReadCsv(csv);
        rows[0][..6].ShouldBe(["Identifiant", "Indicateur", "Début", "Fin", "Méthode", "Commentaire"]);
        rows.Count.ShouldBe(7);
        var byId = rows.Skip(1).ToDictionary(r => r[0]);
        byId["J-1"][6].ShouldBe("12,5");                                   // decimal comma
        decimal.Parse(byId["J-1"][6], French).ShouldBe(12.5m);
        byId["J-1"][2].ShouldBe("04/10/2017 09:00:00");
        byId["J-1"][5].ShouldBe(" =SOMME(A1:A2) ; «formule»");            // never a formula in Excel
        byId["F11-0001"][5].ShouldBe("Accueil très chargé");
        byId["F11-0002"][11].ShouldBe("oui");
        byId["F11-0002"][14].ShouldBe("saisi deux fois");
        byId["F11-0001"][10].ShouldNotBeNullOrWhiteSpace();                 // who recorded it

        var again = await Scenario(lead, s => { s.PostFile(Import, csv, "text/csv"); s.StatusCodeShouldBe(200); });
        (await again.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(0, 6));
    }

    [Fact]
    public async Task the_samples_workbook_has_real_numbers_and_dates_and_re_imports_as_duplicates()
    {
        var lead = await SomeSamples();
        var xlsx = await Get(lead, "/api/sites/paris-11/samples/export?format=xlsx&from=2017-10-01&to=2017-10-31", Xlsx);
        var rows = ReadXlsx(xlsx, out var sheets);
        sheets.ShouldBe(["Échantillons"]);
        rows[0][2].ShouldBe("Début");
        var j = rows.Single(r => (string?)r[0] == "J-1");
        j[2].ShouldBe(new DateTime(2017, 10, 4, 9, 0, 0));
        j[6].ShouldBe(12.5);
        j[7].ShouldBe("minutes");
        SheetXml(xlsx).ShouldContain("state=\"frozen\"");
        SheetXml(xlsx).ShouldContain("<col ");

        var again = await Scenario(lead, s => { s.PostFile(Import, xlsx, Xlsx); s.StatusCodeShouldBe(200); });
        (await again.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(0, 6));
    }

    [Fact]
    public async Task the_compliance_export_has_every_figure_of_the_compliance_answer()
    {
        var lead = await SomeSamples();
        var manager = await TokenFor("site_manager", "paris-11");
        const string period = "from=2017-10-01&to=2017-10-31";
        var json = System.Text.Json.JsonDocument.Parse(await (await Scenario(manager, s => s.Get.Url($"/api/sites/paris-11/compliance?{period}"))).ReadAsTextAsync());
        var indicators = json.RootElement.GetProperty("engagements").EnumerateArray().SelectMany(e => e.GetProperty("indicators").EnumerateArray()).ToList();
        var acc = indicators.Single(i => i.GetProperty("code").GetString() == "ACC-01-ATTENTE");

        var rows = ReadXlsx(await Get(manager, $"/api/sites/paris-11/compliance/export?{period}&format=xlsx", Xlsx), out _);
        var header = rows[0].Select(h => (string?)h).ToList();
        var line = rows.Single(r => (string?)r[header.IndexOf("Indicateur")] == "ACC-01-ATTENTE");
        line[header.IndexOf("n")].ShouldBe((double)acc.GetProperty("n").GetInt32());
        line[header.IndexOf("Part")].ShouldBe(acc.GetProperty("share").GetDouble());
        line[header.IndexOf("Verdict")].ShouldBe(acc.GetProperty("verdictLabel").GetString());
        rows.Skip(1).Count(r => r[header.IndexOf("Indicateur")] is string).ShouldBe(indicators.Count);

        var csv = ReadCsv(await Get(manager, $"/api/sites/paris-11/compliance/export?{period}&format=csv", "text/csv"));
        var csvLine = csv.Single(r => r[csv[0].ToList().IndexOf("Indicateur")] == "ACC-01-ATTENTE");
        double.Parse(csvLine[csv[0].ToList().IndexOf("Part")], French).ShouldBe(acc.GetProperty("share").GetDouble(), 0.0001);

        await Scenario(await TokenFor("quality_lead", "paris-14"), s => { s.Get.Url($"/api/sites/paris-11/compliance/export?{period}&format=csv"); s.StatusCodeShouldBe(403); });
        await Scenario(manager, s => { s.Get.Url($"/api/sites/paris-11/compliance/export?from=2017-10-31&to=2017-10-01&format=csv"); s.StatusCodeShouldBe(400); });
        await Scenario(manager, s => { s.Get.Url($"/api/sites/paris-11/compliance/export?{period}&format=pdf"); s.StatusCodeShouldBe(400); });
        _ = lead;
    }

    [Fact]
    public async Task the_group_export_has_every_site_by_indicator()
    {
        await SomeSamples();
        var auditor = await Auditor();
        var json = System.Text.Json.JsonDocument.Parse(await (await Scenario(auditor, s => s.Get.Url("/api/compliance?from=2017-10-01&to=2017-10-31"))).ReadAsTextAsync());
        var expected = json.RootElement.GetProperty("sites").EnumerateArray().Sum(s => s.GetProperty("indicators").GetArrayLength());
        var rows = ReadXlsx(await Get(auditor, "/api/compliance/export?from=2017-10-01&to=2017-10-31&format=xlsx", Xlsx), out _);
        rows.Count.ShouldBe(expected + 1);
        rows.Skip(1).Select(r => (string?)r[4]).Distinct().Count().ShouldBe(json.RootElement.GetProperty("sites").GetArrayLength());
    }

    [Fact]
    public async Task the_action_plan_export_lists_the_open_actions_the_caller_may_see()
    {
        var audit = await StartedAudit();
        var finding = await Record(audit, "NC_MINEURE");
        await AddAction(audit, finding, "2017-11-30");

        var rows = ReadXlsx(await Get(await Auditor(), "/api/actions/export?format=xlsx", Xlsx), out var sheets);
        sheets.ShouldBe(["Plan d'actions"]);
        rows.Count.ShouldBe(2);
        rows[1][0].ShouldBe("paris-11");
        rows[1][10].ShouldBe(new DateTime(2017, 11, 30));

        var csv = ReadCsv(await Get(await TokenFor("site_manager", "paris-11"), "/api/actions/export?format=csv", "text/csv"));
        csv.Count.ShouldBe(2);
        csv[1][10].ShouldBe("30/11/2017");
        ReadCsv(await Get(await TokenFor("site_manager", "paris-14"), "/api/actions/export?format=csv", "text/csv")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_template_has_drop_down_lists_an_example_and_an_explanation_sheet_and_imports_as_is()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var xlsx = await Get(lead, "/api/sites/paris-11/samples/template.xlsx", Xlsx);
        var rows = ReadXlsx(xlsx, out var sheets);
        sheets.ShouldBe(["Échantillons", "Explications"]);
        rows[0].Select(c => (string?)c).ShouldBe(["identifiant", "indicateur", "debut", "fin", "methode", "commentaire"]);
        rows[1][2].ShouldBeOfType<DateTime>();
        var sheet = SheetXml(xlsx);
        var lists = System.Text.RegularExpressions.Regex.Matches(sheet, "<dataValidation [^>]*type=\"list\"[^>]*>\\s*<formula1>([^<]*)</formula1>")
            .Select(m => m.Groups[1].Value).ToList();
        lists.Count.ShouldBe(2, sheet[..Math.Min(sheet.Length, 3000)]);
        lists.ShouldAllBe(f => f.Contains("Explications"));
        SheetXml(xlsx, 2).ShouldContain("ACC-01-ATTENTE");

        var imported = await Scenario(lead, s => { s.PostFile(Import, xlsx, Xlsx); s.StatusCodeShouldBe(200); });
        (await imported.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(1, 0));
    }
}
