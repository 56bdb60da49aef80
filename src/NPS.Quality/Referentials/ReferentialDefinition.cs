namespace NPS.Quality.Referentials;

/// <summary>How a delay is counted; the JSON and YAML spelling is snake_case (<c>working_days</c>).</summary>
public enum DelayUnit
{
    Minutes,
    Seconds,
    WorkingDays,
    CalendarDays,
}

/// <summary>One version of a referential, as written in <c>referentials/&lt;id&gt;/&lt;version&gt;.yaml</c>.</summary>
public sealed record ReferentialDefinition(
    string Id,
    string Version,
    string Title,
    DateOnly PublishedOn,
    string Source,
    IReadOnlyList<Theme> Themes,
    IReadOnlyList<Engagement> Engagements)
{
    public Engagement? FindEngagement(string code) => Engagements.FirstOrDefault(e => e.Code == code);

    public Indicator? FindIndicator(string code)
        => Engagements.SelectMany(e => e.Indicators).FirstOrDefault(i => i.Code == code);

    public IEnumerable<Indicator> Indicators => Engagements.SelectMany(e => e.Indicators);
}

public sealed record Theme(string Code, string Title);

public sealed record Engagement(string Code, string Theme, string Title, string Text, IReadOnlyList<Indicator> Indicators);

public sealed record Indicator(
    string Code,
    string Channel,
    string Label,
    DelayUnit Unit,
    decimal Threshold,
    double Target,
    int MinimumSamples,
    string Period,
    IReadOnlyList<string> Methods);

/// <summary>The measurement methods a sample may declare.</summary>
public static class MeasurementMethods
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["auto_mesure"] = "Auto-mesure par le personnel",
        ["file_attente"] = "Système de gestion de file d'attente",
        ["visite_mystere"] = "Visite mystère",
        ["appel_mystere"] = "Appel mystère",
        ["observation_auditeur"] = "Observation de l'auditeur",
        ["journal_courrier"] = "Journal du courrier ou de la messagerie",
    };

    public static bool IsKnown(string code) => Labels.ContainsKey(code);
}

public static class DelayUnits
{
    public static readonly IReadOnlyDictionary<string, DelayUnit> ByCode = new Dictionary<string, DelayUnit>
    {
        ["minutes"] = DelayUnit.Minutes,
        ["seconds"] = DelayUnit.Seconds,
        ["working_days"] = DelayUnit.WorkingDays,
        ["calendar_days"] = DelayUnit.CalendarDays,
    };

    public static string Code(this DelayUnit unit) => ByCode.First(p => p.Value == unit).Key;

    public static bool IsDayBased(this DelayUnit unit) => unit is DelayUnit.WorkingDays or DelayUnit.CalendarDays;
}
