using NPS.Quality.Audits;
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
