using System.Text.Json;
using NPS.Quality.Audits;
using NPS.Quality.Sites;
using NPS.Quality.Web;
using Shouldly;

namespace NPS.Quality.Tests.Web;

/// <summary>The pure parts of the new pages: column sorting, the navigation's current page, "Mes actions", history wording.</summary>
public sealed class when_sorting_and_navigating_the_new_pages
{
    private static readonly string[] Keys = ["nom", "date"];

    [Theory]
    [InlineData(null, null, "nom", false)]
    [InlineData("date", "desc", "date", true)]
    [InlineData("date", "asc", "date", false)]
    [InlineData("date", "n'importe quoi", "date", false)]
    [InlineData("inconnu", "desc", "nom", false)]
    public void a_sort_names_a_known_column_or_falls_back_to_the_default(string? key, string? order, string expectedKey, bool expectedDescending)
        => ColumnSort.Parse(key, order, Keys, "nom").ShouldBe(new ColumnSort(expectedKey, expectedDescending));

    [Fact]
    public void sorting_orders_the_rows_and_puts_empty_values_last_in_both_directions()
    {
        string?[] rows = ["écureuil", null, "Bernard", "arbre"];
        var by = new Dictionary<string, Func<string?, IComparable?>> { ["nom"] = r => r };
        new ColumnSort("nom", false).Apply(rows, by).ShouldBe(["arbre", "Bernard", "écureuil", null]);
        new ColumnSort("nom", true).Apply(rows, by).ShouldBe([null, "écureuil", "Bernard", "arbre"]);
    }

    [Theory]
    [InlineData("/", "/", "page")]
    [InlineData("/sites/paris-11", "/", "true")]
    [InlineData("/sites/paris-11/historique", "/", "true")]
    [InlineData("/audits", "/audits", "page")]
    [InlineData("/audits/audit-1", "/audits", "true")]
    [InlineData("/mes-actions", "/audits", null)]
    [InlineData("/mes-actions/", "/mes-actions", "page")]
    [InlineData("/administration/sites", "/administration", "true")]
    [InlineData("/administration", "/", null)]
    public void the_navigation_marks_the_current_page_and_its_section(string path, string link, string? expected)
        => Navigation.Current(path, link).ShouldBe(expected);

    [Fact]
    public void my_actions_are_the_ones_i_own_whatever_the_case_overdue_first()
    {
        var today = new DateOnly(2018, 1, 22);
        SiteActionView Action(string id, string owner, DateOnly due) => new("paris-11", "audit-1", "internal", "f-1", "NC_MINEURE", "NC mineure",
            "ACC-01", "constat", new ActionView(id, id, owner, due, false, "open", "en cours", due < today, "", null, null, null));
        var mine = OwnedActionReads.Owned(
            [Action("plus-tard", "Léa Martin", today.AddDays(30)), Action("autre", "Paul", today.AddDays(-9)), Action("en-retard", " léa martin ", today.AddDays(-3))],
            "Léa Martin");
        mine.Select(a => a.Action.Id).ShouldBe(["en-retard", "plus-tard"]);
    }

    [Theory]
    [InlineData(1, "1 échantillon enregistré")]
    [InlineData(2, "2 échantillons enregistrés")]
    public void the_history_counts_samples_in_proper_french(int count, string expected)
    {
        using var data = JsonDocument.Parse("{}");
        HistoryText.Describe("samples_recorded", data.RootElement, count).ShouldBe(expected);
        HistoryText.Describe("samples_recorded", data.RootElement, 1266).ShouldBe($"{Fr.Number(1266)} échantillons enregistrés");
    }

    [Fact]
    public void the_history_tells_audit_events_in_french()
    {
        using var data = JsonDocument.Parse("""{ "description": "Afficher les horaires", "owner": "Léa", "dueOn": "2018-02-01" }""");
        HistoryText.Describe("corrective_action_added", data.RootElement, null)
            .ShouldBe("Action corrective ajoutée : Afficher les horaires (responsable : Léa, échéance le 1er février 2018)");
    }
}
