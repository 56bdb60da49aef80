using NPS.Quality.Audits;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Web;
using Shouldly;

namespace NPS.Quality.Tests.Web;

/// <summary>The pure helpers of the web pages: French relative dates and the text alternative of the charts.</summary>
public sealed class when_phrasing_and_drawing_for_the_pages
{
    private static readonly DateOnly Today = new(2018, 1, 22);

    [Theory]
    [InlineData(0, "aujourd'hui")]
    [InlineData(1, "demain")]
    [InlineData(-1, "hier")]
    [InlineData(21, "dans 3 semaines")]
    [InlineData(-2, "il y a 2 jours")]
    [InlineData(10, "dans 10 jours")]
    [InlineData(54, "dans 7 semaines et 5 jours")] // not "dans 1 mois"
    [InlineData(-14, "il y a 2 semaines")]
    [InlineData(69, "dans 2 mois et 10 jours")] // 22 January → 1 April
    [InlineData(365, "dans 1 an")]
    [InlineData(457, "dans 1 an et 3 mois")]
    public void relative_dates_read_as_french(int days, string expected)
        => Fr.Relative(Today.AddDays(days), Today).ShouldBe(expected);

    [Theory]
    [InlineData(2017, 10, 1, "1er octobre 2017")]
    [InlineData(2017, 10, 2, "2 octobre 2017")]
    [InlineData(2018, 2, 21, "21 février 2018")]
    public void dates_read_as_french_with_the_first_as_an_ordinal(int year, int month, int day, string expected)
        => Fr.Date(new DateOnly(year, month, day)).ShouldBe(expected);

    [Fact]
    public void whole_months_are_counted_on_the_calendar()
        => Fr.Relative(new DateOnly(2018, 4, 22), Today).ShouldBe("dans 3 mois");

    [Theory]
    [InlineData(1, "jour", "1 jour")]
    [InlineData(0, "échantillon", "0 échantillon")]
    [InlineData(2, "jour", "2 jours")]
    [InlineData(4162, "échantillon", "4\u00a0162 échantillons")]
    public void counts_agree_their_noun_without_parentheses(int n, string noun, string expected)
        => Fr.Count(n, noun).ShouldBe(expected.Replace("\u00a0", Fr.Culture.NumberFormat.NumberGroupSeparator));

    [Theory]
    [InlineData(1, "working_days", "1 jour ouvré")]
    [InlineData(3, "working_days", "3 jours ouvrés")]
    [InlineData(2, "calendar_days", "2 jours calendaires")]
    [InlineData(35, "minutes", "35\u00a0min")]
    public void delays_carry_their_unit_agreed(int delay, string unit, string expected)
        => Fr.Delay(delay, unit).ShouldBe(expected);

    [Fact]
    public void labels_used_as_headings_start_with_a_capital()
        => Fr.Capital("audit interne (initial)").ShouldBe("Audit interne (initial)");

    [Theory]
    [InlineData("31/11/2017 09:00", "date impossible : le 31/11/2017 n'existe pas (novembre 2017 a 30 jours)")]
    [InlineData("29/02/2017", "date impossible : le 29/02/2017 n'existe pas (février 2017 a 28 jours)")]
    [InlineData("12/13/2017 09:00", "date impossible : il n'y a pas de mois 13 (attendu jj/mm/aaaa)")]
    [InlineData("02/10/2017 25:00", "heure impossible : 25:00 (attendu de 00:00 à 23:59)")]
    public void a_date_that_names_no_day_is_impossible_not_unreadable(string text, string expected)
        => ParisTime.Read(text, allowLocal: true).Error.ShouldBe(expected);

    [Fact]
    public void an_unreadable_date_stays_unreadable()
        => ParisTime.Read("hier soir", allowLocal: true).Error!.ShouldStartWith("date illisible");

    [Fact]
    public void the_chart_colours_each_bar_by_that_months_verdict_and_labels_it()
    {
        // 34 of 40 = 85 % is above the 80 % target, but its interval is not: "à surveiller", never the compliant green.
        var svg = ShareChart.Svg("Temps d'attente", [new(new DateOnly(2017, 10, 1), 0.85, 40), new(new DateOnly(2017, 11, 1), 0.95, 100)], 0.8, 30).ToString()!;
        svg.ShouldContain($"fill=\"{ShareChart.Colour(NPS.Quality.Compliance.Verdict.AtRisk)}\" data-verdict=\"AtRisk\"");
        svg.ShouldContain($"fill=\"{ShareChart.Colour(NPS.Quality.Compliance.Verdict.Compliant)}\" data-verdict=\"Compliant\"");
        svg.ShouldContain(">85</text>");
        svg.ShouldContain($"font-size=\"{ShareChart.FontSize}\"");
        System.Net.WebUtility.HtmlDecode(svg).ShouldContain("octobre 2017 : 85\u00a0% sur 40 (à surveiller)");
    }

    [Theory]
    [InlineData(35, 20, false, "bad", "hors délai (> 20\u00a0min)")]
    [InlineData(12, 20, false, "good", "dans le délai (≤ 20\u00a0min)")]
    [InlineData(20, 20, false, "good", "dans le délai (≤ 20\u00a0min)")]
    [InlineData(35, 20, true, "neutral", "annulé : ne compte plus")]
    public void a_sample_says_where_it_stands_against_its_threshold(int delay, int threshold, bool voided, string badge, string words)
        => NPS.Quality.Web.Pages.EchantillonsModel.Standing(delay, "minutes", threshold, voided).ShouldBe((badge, words));

    [Theory]
    [InlineData(3, 0, "3 échantillons enregistrés.")]
    [InlineData(1, 2, "1 échantillon enregistré, 2 déjà présents à l'identique.")]
    [InlineData(0, 1, "0 échantillon enregistré, 1 déjà présent à l'identique.")]
    public void an_import_is_told_with_agreed_words(int accepted, int duplicates, string expected)
        => NPS.Quality.Web.Pages.EchantillonsModel.ImportWords(accepted, duplicates).ShouldBe(expected);

    [Fact]
    public void an_audit_under_way_is_the_next_audit_of_the_overview()
    {
        var planned = AuditStory.Planned(AuditKind.Afnor, new DateOnly(2018, 2, 12));
        NPS.Quality.Web.Pages.IndexModel.NextAuditPhrase([planned], Today).ShouldBe("audit externe AFNOR dans 3 semaines");
        NPS.Quality.Web.Pages.IndexModel.NextAuditPhrase([planned, AuditStory.Started()], Today).ShouldBe("audit interne en cours");
        NPS.Quality.Web.Pages.IndexModel.NextAuditPhrase([], Today).ShouldBeNull();
    }

    [Fact]
    public void pages_open_on_the_last_complete_month()
    {
        NPS.Quality.Web.Pages.SiteModel.LastCompleteMonth(new DateOnly(2026, 11, 27)).ShouldBe(new DateOnly(2026, 10, 1));
        NPS.Quality.Web.Pages.SiteModel.LastCompleteMonth(new DateOnly(2027, 1, 1)).ShouldBe(new DateOnly(2026, 12, 1));
    }

    [Fact]
    public void the_chart_says_every_month_in_words()
    {
        var svg = System.Net.WebUtility.HtmlDecode(ShareChart.Svg("Temps d'attente", [new(new DateOnly(2017, 10, 1), 0.925, 40), new(new DateOnly(2017, 11, 1), null, 0)], 0.8).ToString()!);
        svg.ShouldContain("role=\"img\"");
        svg.ShouldContain("octobre 2017 : 92,5\u00a0% sur 40");
        svg.ShouldContain("novembre 2017 : aucun échantillon");
        svg.ShouldContain("objectif 80\u00a0%");
    }
}
