using NPS.Quality.Web.Pages;
using Shouldly;

namespace NPS.Quality.Tests.Web;

/// <summary>The "Actualiser" link must always lead to another URL, or the browser only scrolls and the page never changes.</summary>
public sealed class when_refreshing_the_site_page
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void the_link_carries_the_time_in_milliseconds() =>
        SiteModel.NextRefresh(null, Now).ShouldBe(Now.ToUnixTimeMilliseconds().ToString());

    [Fact]
    public void a_refresh_within_the_same_instant_still_moves_on() =>
        SiteModel.NextRefresh(Now.ToUnixTimeMilliseconds().ToString(), Now).ShouldBe((Now.ToUnixTimeMilliseconds() + 1).ToString());

    [Fact]
    public void a_value_from_the_future_is_passed_too() =>
        SiteModel.NextRefresh("99999999999999", Now).ShouldBe("100000000000000");

    [Fact]
    public void a_garbled_value_is_ignored() =>
        SiteModel.NextRefresh("abc", Now).ShouldBe(Now.ToUnixTimeMilliseconds().ToString());
}
