using System.Globalization;
using Humanizer;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Pdf;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Shared;

namespace NPS.Quality.Dossiers;

/// <summary>
/// Composes a dossier, pure: (snapshot, its compliance figures, template) → <see cref="DocumentModel"/>. Nothing here
/// reads a clock: every date comes from the snapshot, so the same snapshot always gives the same bytes. The AFNOR
/// template cannot hold the sections with personal data (see <see cref="DossierTemplate.KnownSections"/>), and the
/// shared sections show who recorded or decided something only in the internal dossier (the AFNOR one shows roles).
/// </summary>
public static class DossierContent
{
    private static readonly CultureInfo French = Fr.Culture;

    /// <summary>Categories in the order an AFNOR report lists them: what blocks the label first.</summary>
    public static readonly FindingCategory[] CategoryOrder = [FindingCategory.MajorNc, FindingCategory.MinorNc, FindingCategory.SensitivePoint,
        FindingCategory.VigilancePoint, FindingCategory.ImprovementTrack, FindingCategory.StrongPoint, FindingCategory.Conformity];

    public static DocumentModel Compose(DossierSnapshot s, SiteCompliance c, DossierTemplate t)
    {
        if (s.Kind == DossierKinds.Poster) return PosterContent.Compose(s, c, t);
        var internalDossier = s.Kind == DossierKinds.Internal;
        var context = new Context(s, c, t, internalDossier);
        var blocks = new List<Block>();
        var number = 0;
        foreach (var section in t.Sections)
        {
            var numbered = section.Key is not ("cover" or "contents");
            var title = numbered ? $"{++number}. {section.Title}" : section.Title;
            blocks.AddRange(section.Key switch
            {
                "cover" => Cover(context),
                "contents" => [new TableOfContents { Title = section.Title is "" ? "Sommaire" : section.Title, MaxLevel = 2 }, new PageBreak()],
                "introduction" => Introduction(context, section, title),
                "method" => Method(context, section, title),
                "summary" => Summary(context, section, title),
                "indicators" => Indicators(context, section, title),
                "findings" => Findings(context, section, title),
                "deviation_sheets" => DeviationSheets(context, section, title),
                "action_plan" => ActionPlan(context, section, title),
                "closing" => Closing(context, section, title),
                "glossary" => Glossary(section, title),
                "reproducibility" => Reproducibility(context, section, title),
                "sample_annex" => SampleAnnex(context, section, title),
                "voids" => Voids(context, section, title),
                "comments" => Comments(context, section, title),
                _ => throw new InvalidOperationException($"Section de modèle inconnue : {section.Key}"),
            });
        }

        var kindLabel = DossierKinds.Labels[s.Kind];
        return new DocumentModel
        {
            Attachments = context.Csv is { } csv ? [csv] : [],
            Title = $"{t.Title} — {s.SiteName} — {PeriodLabel(s.From, s.To)}",
            Author = t.Author,
            Subject = t.Subject,
            Keywords = $"QualiParis, {kindLabel}, {s.SiteId}, {s.Referential.Id} {s.Referential.Version}",
            CreatedAt = s.AsOf,
            HeaderText = $"{Capitalize(kindLabel)} — {s.SiteName} — {PeriodLabel(s.From, s.To)}",
            FooterText = $"Réf. {s.Reference} — émis le {Date(s.IssuedOn)}" + (t.Confidentiality is null ? "" : " — diffusion restreinte"),
            Blocks = blocks,
        };
    }

    private sealed record Context(DossierSnapshot S, SiteCompliance C, DossierTemplate T, bool Internal)
    {
        public IReadOnlyList<Finding> Findings { get; } =
            S.Audit?.Findings.Where(f => f.Status != FindingStatus.Withdrawn).ToList() ?? [];

        public DateOnly AsOfDate => ParisTime.DateOf(S.AsOf);

        /// <summary>The name in the internal dossier, the role in the AFNOR one.</summary>
        public string Who(string name, string role) => Internal ? name : role;

        /// <summary>The full sample list as a CSV file, attached when the annex is too long to print.</summary>
        public Attachment? Csv { get; set; }

        /// <summary>True when the annex prints every sample (with its comment in a column).</summary>
        public bool AnnexListsSamples => T.Sections.Any(x => x.Key == "sample_annex") && S.Samples.Count <= AnnexListLimit;
    }

    /// <summary>Beyond this many samples the printed annex summarises and the full list travels as a CSV file inside the PDF.</summary>
    public const int AnnexListLimit = 2000;

    // ---- Sections ----

    private static IEnumerable<Block> Cover(Context x)
    {
        var s = x.S;
        yield return new Spacer(90);
        yield return new Paragraph(new TextRun("QualiParis", Bold: true)) { FontSize = 14, Alignment = TextAlignment.Center };
        yield return new Paragraph(new TextRun(x.T.Title, Bold: true)) { FontSize = 24, Alignment = TextAlignment.Center, SpaceAfter = 10 };
        yield return new Paragraph(new TextRun(s.SiteName, Bold: true)) { FontSize = 16, Alignment = TextAlignment.Center };
        yield return new Paragraph(PeriodLabel(s.From, s.To)) { FontSize = 14, Alignment = TextAlignment.Center, SpaceAfter = 40 };
        var items = new List<(string, string)>
        {
            ("Référence", s.Reference),
            ("Révision", $"{s.Revision}" + (s.Revision > 1 ? $" (remplace la révision {s.Revision - 1})" : " (première émission)")),
            ("Date d'émission", Date(s.IssuedOn)),
            ("Site", $"{s.SiteName} ({s.SiteId})"),
            ("Arrondissements", string.Join(", ", s.Arrondissements)),
            ("Référentiel", $"{s.Referential.Title} — version {s.Referential.Version}"),
            ("Nature du dossier", Capitalize(DossierKinds.Labels[s.Kind])),
            ("Période", $"du {Date(s.From)} au {Date(s.To)}"),
        };
        if (s.Audit is { } a)
        {
            items.Add(("Audit", $"{Capitalize(AuditKinds.Labels[a.Kind])} {AuditTypes.Labels[a.Type]}, prévu le {Date(a.PlannedOn)} ({AuditStates.Labels[a.State]})"));
            items.Add(("Auditeurs", string.Join(", ", a.Auditors)));
        }
        else items.Add(("Audit", "aucun audit associé"));
        items.Add(("Données arrêtées au", Instant(s.AsOf)));
        items.Add(("Verdict des indicateurs", x.C.VerdictLabel));
        yield return new KeyValueList(items.ToArray()) { KeyWidthFraction = 0.32 };
        if (x.T.Distribution is { Count: > 0 } distribution)
        {
            yield return new Spacer(8);
            yield return new Paragraph(new TextRun("Liste de diffusion", Bold: true)) { SpaceAfter = 2, Alignment = TextAlignment.Left };
            yield return new Table { Columns = [new("Destinataire", 1)], Rows = distribution.Select(d => (IReadOnlyList<string>)[d]).ToList(), FontSize = 8.5 };
        }
        if (x.T.Confidentiality is { } confidentiality)
            yield return new Callout { Title = "Confidentialité", Tone = CalloutTone.Warning, Paragraphs = [new Paragraph(confidentiality)] };
        yield return new Spacer(12);
        yield return new Paragraph(new TextRun(
            $"Document établi à partir des données arrêtées au {Instant(s.AsOf)}. Un dossier émis n'est jamais modifié : toute mise à jour fait l'objet d'une nouvelle révision.", Italic: true))
            { FontSize = 8.5, Alignment = TextAlignment.Center };
        yield return new PageBreak();
    }

    private static IEnumerable<Block> Introduction(Context x, TemplateSection section, string title)
    {
        var s = x.S;
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var measured = s.Referential.Engagements.Count(e => e.Indicators.Count > 0);
        yield return new KeyValueList(
            ("Label", "QualiParis — label qualité de la Ville de Paris, audité par AFNOR Certification"),
            ("Périmètre", $"{s.SiteName}, arrondissement(s) {string.Join(", ", s.Arrondissements)}"),
            ("Référentiel", $"{s.Referential.Id}, version {s.Referential.Version} publiée le {Date(s.Referential.PublishedOn)}"),
            ("Engagements", $"{s.Referential.Engagements.Count} engagements, dont {measured} suivis par indicateur et {s.Referential.Engagements.Count - measured} jugés par audit"),
            ("Source du référentiel", PlainLanguage.Sentences(s.Referential.Source)));
    }

    private static IEnumerable<Block> Method(Context x, TemplateSection section, string title)
    {
        var s = x.S;
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        if (section.Note is { } note)
            yield return new Callout { Title = "Échantillonnage", Tone = CalloutTone.Warning, Paragraphs = [new Paragraph(note)] };

        if (s.Audit is { } a)
        {
            yield return new Heading("Plan d'audit", 2);
            var items = new List<(string, string)>
            {
                ("Type", $"{Capitalize(AuditKinds.Labels[a.Kind])}, cycle {AuditTypes.Labels[a.Type]}"),
                ("Date prévue", Date(a.PlannedOn)),
                ("Auditeurs", string.Join(", ", a.Auditors)),
                ("Champ", a.Scope ?? "l'ensemble du référentiel"),
                ("État à l'arrêt des données", AuditStates.Labels[a.State]),
            };
            if (a.StartedAt is { } started) items.Add(("Démarré le", Instant(started)));
            yield return new KeyValueList(items.ToArray());

            yield return new Heading("Agenda de l'audit", 3);
            if (a.Agenda.Count == 0) yield return new Paragraph("Agenda non établi à la date d'arrêt des données.");
            else
                yield return new Table
                {
                    Columns = [new("Date", ColumnWidth.Fixed(92)), new("Horaire", ColumnWidth.Fixed(70)), new("Lieu visité", 2), new("Fonctions rencontrées", 2), new("Objet", 2)],
                    Rows = a.Agenda.Select(slot => (IReadOnlyList<string>)[Date(slot.Date), $"{slot.Start:HH\\:mm} – {slot.End:HH\\:mm}", slot.Place,
                        string.Join(", ", slot.Functions), slot.Topic ?? "—"]).ToList(),
                    FontSize = 8.5,
                };

            yield return new Heading("Plan d'échantillonnage", 3);
            if (a.Sampling.Count == 0) yield return new Paragraph("Plan d'échantillonnage non établi à la date d'arrêt des données.");
            else
            {
                var achievedBy = s.Samples.Where(m => m.Counts).GroupBy(m => m.Indicator).ToDictionary(g => g.Key, g => g.Count());
                yield return new Table
                {
                    Columns = [new("Indicateur", 2), new("Prévu", ColumnWidth.Fixed(44), TextAlignment.Right), new("Minimum", ColumnWidth.Fixed(58), TextAlignment.Right),
                        new("Obtenu", ColumnWidth.Fixed(46), TextAlignment.Right), new("Tirage", 3), new("Écart", 2)],
                    Rows = a.Sampling.Select(l =>
                    {
                        var achieved = achievedBy.GetValueOrDefault(l.Indicator);
                        var gap = l.PlannedSize < l.MinimumSize ? "prévu sous le minimum"
                            : achieved < l.MinimumSize ? "obtenu sous le minimum : pas de conclusion"
                            : achieved < l.PlannedSize ? "obtenu sous le prévu" : "atteint";
                        return (IReadOnlyList<string>)[IndicatorName(x, l.Indicator), Number(l.PlannedSize), Number(l.MinimumSize), Number(achieved), l.Drawing, gap];
                    }).ToList(),
                    FontSize = 8.5,
                };
            }
        }

        yield return new Heading("Échantillons de la période", 2);
        var counted = s.Samples.Where(x => x.Counts).ToList();
        yield return new Paragraph(
            $"{Quantity(counted.Count, "échantillon compté", "échantillons comptés")} sur la période ({Quantity(s.Samples.Count - counted.Count, "annulé", "annulés")} avant l'arrêt des données). " +
            (x.Internal ? "Chaque échantillon figure en annexe avec la personne qui l'a saisi."
                        : "Les échantillons sont saisis par le référent qualité du site (rôle) ou importés des systèmes de mesure."));
        var byMethod = counted.GroupBy(m => m.Method).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<string>)[MeasurementMethods.Labels.GetValueOrDefault(g.Key, g.Key), Number(g.Count()),
                Percent(counted.Count == 0 ? 0 : (double)g.Count() / counted.Count)]).ToList();
        if (byMethod.Count > 0)
            yield return new Table
            {
                Columns = [new("Méthode de mesure", 3), new("Échantillons", 1, TextAlignment.Right), new("Part", 1, TextAlignment.Right)],
                Rows = byMethod,
            };
        var weekdays = counted.GroupBy(m => ParisTime.DateOf(m.Start).DayOfWeek).ToDictionary(g => g.Key, g => g.Count());
        if (counted.Count > 0)
            yield return new Paragraph("Répartition par jour : " + string.Join(", ",
                new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday }
                    .Where(d => d < DayOfWeek.Saturday && d > DayOfWeek.Sunday || weekdays.ContainsKey(d)).Select(d => $"{French.DateTimeFormat.GetDayName(d)} {Number(weekdays.GetValueOrDefault(d))}")) + ".")
                { Alignment = TextAlignment.Left };
    }

    private static IEnumerable<Block> Summary(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        yield return new Paragraph(new TextRun("Verdict d'ensemble des indicateurs : "), new TextRun(x.C.VerdictLabel, Bold: true),
            new TextRun(" (le pire verdict de ses indicateurs)."));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in x.C.Engagements)
        {
            var findings = FindingsSummary(x, e.Code);
            if (e.JudgedByAudit) rows.Add([e.Code, e.Title, "—", "Jugé par audit", findings]);
            else
                foreach (var i in e.Indicators)
                    rows.Add([e.Code, e.Title, i.Code, i.VerdictLabel, findings]);
        }
        yield return new Table
        {
            Columns = [new("Code", ColumnWidth.Fixed(48)), new("Engagement", 3), new("Indicateur", 2), new("Verdict", ColumnWidth.Fixed(82)), new("Constats", 2)],
            Rows = rows,
            FontSize = 8,
        };
    }

    private static IEnumerable<Block> Indicators(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        foreach (var e in x.C.Engagements)
        {
            var engagement = x.S.Referential.FindEngagement(e.Code)!;
            yield return new Heading($"{e.Code} — {e.Title}", 2);
            yield return new Paragraph(new TextRun(engagement.Text, Italic: true));
            if (e.JudgedByAudit)
                yield return new Paragraph(new TextRun("Engagement sans indicateur : jugé par audit. ", Bold: true), new TextRun(Capitalize(FindingsSummary(x, e.Code)) + "."));
            foreach (var i in e.Indicators)
            {
                var indicator = x.S.Referential.FindIndicator(i.Code)!;
                yield return new Heading($"{i.Code} — {i.Label}", 3);
                // The verdict first: it stays with the heading if the list has to continue on the next page.
                var delays = x.S.Samples.Where(m => m.Counts && m.Indicator == i.Code).Select(m => m.Delay).ToList();
                // The key figures and their chart share a page (with the heading, kept with what follows).
                yield return new KeyValueList(
                    ("Verdict", i.VerdictLabel + (i.SamplesNeeded > 0 ? $" ({Quantity(i.SamplesNeeded, "échantillon de plus nécessaire", "échantillons de plus nécessaires")} pour conclure)" : "")),
                    ("Seuil", i.ThresholdLabel),
                    ("Cible", $"{Percent(i.Target)} des demandes dans le seuil"),
                    ("Échantillons (n)", $"{Number(i.N)} (minimum {Number(i.MinimumSamples)})"),
                    ("Dans le seuil", i.N == 0 ? "—" : $"{Number(i.WithinThreshold)}, soit {Percent(i.Share!.Value)}"),
                    ("Intervalle de Wilson 95 %", i.N == 0 ? "—" : $"[{Percent(i.WilsonLow!.Value)} ; {Percent(i.WilsonHigh!.Value)}]"),
                    ("Médiane", Delay(i.Median, indicator.Unit)),
                    ("P90", Delay(i.P90, indicator.Unit)),
                    ("Maximum", Delay(i.Max, indicator.Unit))) { KeepWithNext = delays.Count > 0 };
                if (delays.Count > 0)
                {
                    var (bars, line) = Histogram(delays, i.Threshold, indicator.Unit);
                    yield return new BarChart
                    {
                        Title = $"Distribution des délais — {i.Code}",
                        Bars = bars,
                        XAxisTitle = $"Délai ({UnitName(indicator.Unit)})",
                        YAxisTitle = "Échantillons",
                        Threshold = line,
                        ThresholdLabel = $"Seuil : {i.ThresholdLabel}",
                        Caption = ThresholdBin(bars, line, i.ThresholdLabel, indicator.Unit),
                        Height = 150,
                    };
                }
                else yield return new Paragraph(new TextRun("Aucun échantillon compté sur la période.", Italic: true));
            }
            foreach (var f in x.Findings.Where(f => f.Engagement == e.Code))
                yield return new Paragraph(new TextRun($"{Capitalize(FindingCategories.Labels[f.Category])} : ", Bold: true), new TextRun(f.Statement)) { Alignment = TextAlignment.Left };
        }
    }

    private static IEnumerable<Block> Findings(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        if (x.S.Audit is null)
        {
            yield return new Paragraph("Aucun audit n'est associé à ce dossier : pas de constat.");
            yield break;
        }
        foreach (var block in FindingsTable(x)) yield return block;
        if (x.Internal)
            foreach (var block in PointsToExamine(x)) yield return block;
        foreach (var category in CategoryOrder)
        {
            var findings = x.Findings.Where(f => f.Category == category).ToList();
            if (findings.Count == 0) continue;
            yield return new Heading($"{Capitalize(FindingCategories.Labels[category])} ({findings.Count})", 2);
            yield return new Table
            {
                Columns = [new("Engagement", ColumnWidth.Fixed(70)), new("Constat", 4), new("Statut", ColumnWidth.Fixed(50)), new("Relevé", 2)],
                Rows = findings.Select(f => (IReadOnlyList<string>)[f.Engagement + (f.Sheet is { } sheet ? $" ({sheet})" : ""),
                    f.Statement + (f.EvidenceText is { } ev ? $" (preuve : {ev})" : ""),
                    FindingStatuses.Labels[f.Status], $"{Date(ParisTime.DateOf(f.RecordedAt))}, {x.Who(f.RecordedBy, "auditeur")}"]).ToList(),
                FontSize = 8.5,
            };
        }
    }

    /// <summary>The summary of findings: one row per engagement of the referential, one column per category, "non évalué" where the audit recorded nothing.</summary>
    private static IEnumerable<Block> FindingsTable(Context x)
    {
        yield return new Paragraph($"Synthèse des constats par catégorie et par engagement ({Quantity(x.Findings.Count, "constat", "constats")} au total). " +
            "Un engagement sur lequel l'audit n'a rien relevé, pas même un constat de conformité, est « non évalué ».") { Alignment = TextAlignment.Left };
        string Cell(int n) => n == 0 ? "—" : Number(n);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in x.S.Referential.Engagements)
        {
            var mine = x.Findings.Where(f => f.Engagement == e.Code).ToList();
            rows.Add([e.Code, .. CategoryOrder.Select(c => Cell(mine.Count(f => f.Category == c))), mine.Count == 0 ? "non évalué" : "évalué"]);
        }
        rows.Add(["Total", .. CategoryOrder.Select(c => Cell(x.Findings.Count(f => f.Category == c))),
            $"{Number(x.S.Referential.Engagements.Count(e => x.Findings.Any(f => f.Engagement == e.Code)))} / {Number(x.S.Referential.Engagements.Count)}"]);
        yield return new Table
        {
            Columns = [new("Engagement", ColumnWidth.Fixed(68)), .. CategoryOrder.Select(c => new TableColumn(CategoryShort(c), 1, TextAlignment.Right)),
                new("Évaluation", ColumnWidth.Fixed(62))],
            Rows = rows,
            FontSize = 8,
        };
        yield return new Paragraph("NC maj. : non-conformité majeure ; NC min. : non-conformité mineure ; PS : point sensible ; PV : point de vigilance ; " +
            "PP : piste de progrès ; PF : point fort ; Conf. : constat de conformité.") { FontSize = 8, Alignment = TextAlignment.Left };
    }

    /// <summary>
    /// For the quality mission: indicators "non conforme" whose engagement carries no NC, and NCs on an engagement whose
    /// indicators are all "conforme" — each worth a second look before the external audit.
    /// </summary>
    private static IEnumerable<Block> PointsToExamine(Context x)
    {
        var points = new List<string>();
        foreach (var e in x.C.Engagements)
        {
            var ncs = x.Findings.Where(f => f.Engagement == e.Code && FindingCategories.IsNc(f.Category)).ToList();
            foreach (var i in e.Indicators.Where(i => i.Verdict == Verdict.NonCompliant && ncs.Count == 0))
                points.Add($"{i.Code} est « {i.VerdictLabel} » mais aucune non-conformité n'est relevée sur l'engagement {e.Code}.");
            if (ncs.Count > 0 && e.Indicators.Count > 0 && e.Indicators.All(i => i.Verdict == Verdict.Compliant))
                foreach (var f in ncs)
                    points.Add($"{Capitalize(FindingCategories.Labels[f.Category])} {f.Sheet} sur {e.Code} alors que tous ses indicateurs sont conformes.");
        }
        yield return new Heading("Points à examiner", 2);
        if (points.Count == 0) yield return new Paragraph("Aucun écart entre les verdicts des indicateurs et les constats de l'audit.");
        else
            yield return new Table { Columns = [new("Point à examiner", 1)], Rows = points.Select(p => (IReadOnlyList<string>)[p]).ToList(), FontSize = 8.5 };
    }

    private static IEnumerable<Block> DeviationSheets(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var ncs = x.Findings.Where(f => FindingCategories.IsNc(f.Category)).OrderBy(f => f.Sheet, StringComparer.Ordinal).ThenBy(f => f.RecordedAt).ToList();
        if (ncs.Count == 0)
        {
            yield return new Paragraph("Aucune non-conformité relevée : pas de fiche d'écart.");
            yield break;
        }
        foreach (var f in ncs)
        {
            var engagement = x.S.Referential.FindEngagement(f.Engagement);
            yield return new Heading($"Fiche d'écart {f.Sheet} — {FindingCategories.Labels[f.Category]} — {f.Engagement}", 2);
            var items = new List<(string, string)>
            {
                ("Numéro", f.Sheet ?? "—"),
                ("Classement", Capitalize(FindingCategories.Labels[f.Category])),
                ("Engagement", engagement is null ? f.Engagement : $"{f.Engagement} — {engagement.Title}"),
                ("Exigence", engagement?.Text ?? "—"),
                ("Constat", f.Statement),
                ("Preuves", (f.EvidenceText ?? "—") + (f.SampleIds.Count > 0 ? $" ; échantillons {string.Join(", ", f.SampleIds)}" : "")),
                ("Relevé le", $"{Date(ParisTime.DateOf(f.RecordedAt))} par {x.Who(f.RecordedBy, "l'auditeur")}"),
                ("Analyse des causes", f.Cause is { } cause ? $"{cause.Text} (saisie le {Date(ParisTime.DateOf(cause.At))} par {x.Who(cause.By, "l'auditeur")})" : "non renseignée"),
                ("Correction immédiate", f.Correction is { } fix ? $"faite le {Date(fix.DoneOn)} : {fix.Description}" : "non renseignée"),
            };
            if (f.Actions.Count == 0) items.Add(("Action corrective", "aucune à la date d'arrêt des données"));
            var n = 0;
            foreach (var a in f.Actions)
                items.Add(($"Action {f.Sheet}-{++n}", $"{a.Description} — responsable : {a.Owner} — échéance : {Date(a.DueOn)} — {ActionStatus(a, x.AsOfDate)}" +
                    (a.Proof is { } proof ? $" — preuve : {proof}" : "")));
            if (f.Checks.Count == 0) items.Add(("Vérification de l'efficacité", "non faite"));
            foreach (var c in f.Checks)
                items.Add(("Vérification de l'efficacité", $"le {Date(c.CheckedOn)} par {c.CheckedBy} : {(c.Effective ? "efficace" : "non efficace, la non-conformité reste ouverte")}" +
                    (c.Comment is { } comment ? $" — {comment}" : "")));
            items.Add(("Statut", FindingStatuses.Labels[f.Status] + (f.ClosedAt is { } closed ? $" le {Date(ParisTime.DateOf(closed))}" : "")));
            items.Add(("Prise de connaissance", f.Acknowledgement is { } ack ? $"par le site : {ack.Name}, {ack.Role}, le {Date(ack.On)}" : "non recueillie auprès du site"));
            yield return new KeyValueList(items.ToArray()) { KeyWidthFraction = 0.33 };
        }
    }

    private static IEnumerable<Block> ActionPlan(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var rows = x.Findings.OrderBy(f => Array.IndexOf(CategoryOrder, f.Category)).ThenBy(f => f.Sheet, StringComparer.Ordinal).ThenBy(f => f.RecordedAt)
            .SelectMany(f => f.Actions.Select((a, i) => (IReadOnlyList<string>)[
                f.Sheet is { } sheet ? $"Fiche {sheet} ({CategoryShort(f.Category)})" : $"{CategoryShort(f.Category)} {f.Engagement}",
                a.Description, a.Owner, Date(a.DueOn), ActionStatus(a, x.AsOfDate), a.Proof ?? "—"]))
            .ToList();
        if (rows.Count == 0)
        {
            yield return new Paragraph("Aucune action corrective enregistrée à la date d'arrêt des données.");
            yield break;
        }
        yield return new Table
        {
            Columns = [new("Fiche", ColumnWidth.Fixed(80)), new("Action", 3), new("Responsable", 2), new("Échéance", ColumnWidth.Fixed(74)),
                new("Statut", ColumnWidth.Fixed(70)), new("Preuve", 2)],
            Rows = rows,
            FontSize = 8,
        };
    }

    private static IEnumerable<Block> Closing(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var items = new List<(string, string)> { ("Verdict des indicateurs", x.C.VerdictLabel) };
        var openMajor = x.Findings.Count(f => f.IsOpen && f.Category == FindingCategory.MajorNc);
        var openMinor = x.Findings.Count(f => f.IsOpen && f.Category == FindingCategory.MinorNc);
        items.Add(("Non-conformités ouvertes", $"{Quantity(openMajor, "majeure", "majeures")}, {Quantity(openMinor, "mineure", "mineures")}"));
        if (x.S.Audit is { } a)
        {
            items.Add(("Avis de l'audit", a.Conclusion is not { } conclusion ? "audit non conclu à la date d'arrêt des données" : Conclusions.Labels[conclusion]));
            if (a.ConcludedAt is { } at) items.Add(("Conclu le", Date(ParisTime.DateOf(at))));
            if (a.LiftBy is { } liftBy && openMajor > 0) items.Add(("Délai de levée des NC majeures", $"au plus tard le {Date(liftBy)}"));
            if (a.ConclusionStatement is { } statement) items.Add(("Motivation", statement));
            items.Add(("Auditeurs", string.Join(", ", a.Auditors)));
        }
        items.Add(("Données arrêtées au", Instant(x.S.AsOf)));
        yield return new KeyValueList(items.ToArray());
        if (x.S.Audit is { } audit)
            yield return new Callout
            {
                Title = "Le label",
                Tone = openMajor > 0 ? CalloutTone.Warning : CalloutTone.Information,
                Paragraphs = [new Paragraph(ConclusionRules.LabelStatement(audit, x.AsOfDate)) { Alignment = TextAlignment.Left }],
            };
        if (section.Note is { } note) yield return new Callout { Tone = CalloutTone.Information, Paragraphs = [new Paragraph(note)] };
        foreach (var block in Signatures(x)) yield return block;
    }

    /// <summary>The signature block: the lead auditor and the site's representative, with room to sign.</summary>
    private static IEnumerable<Block> Signatures(Context x)
    {
        var lead = x.S.Audit?.Auditors.FirstOrDefault() ?? "";
        var site = x.S.Audit?.Findings.Select(f => f.Acknowledgement).LastOrDefault(a => a is not null) is { } ack ? $"{ack.Name}, {ack.Role}" : "";
        const string room = "\u00a0\n\u00a0\n\u00a0\n\u00a0";
        yield return new Heading("Signatures", 2) { KeepWithNext = true };
        yield return new Table
        {
            Columns = [new("Qualité", 2), new("Nom", 2), new("Date", ColumnWidth.Fixed(70)), new("Signature", 3)],
            Rows =
            [
                ["Auditeur responsable", lead, "", room],
                ["Représentant du site", site, "", room],
            ],
            Zebra = false,
        };
    }

    private static IEnumerable<Block> Glossary(TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        yield return new KeyValueList(section.Entries.Select(e => (e.Term, e.Definition)).ToArray()) { KeyWidthFraction = 0.3 };
    }

    private static IEnumerable<Block> Reproducibility(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        yield return new Callout
        {
            Title = "Empreintes",
            Tone = CalloutTone.Information,
            Paragraphs =
            [
                new Paragraph(new TextRun("Instant d'arrêt des données : ", Bold: true), new TextRun($"{Instant(x.S.AsOf)} ({x.S.AsOf.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.fffZ})")) { Alignment = TextAlignment.Left },
                new Paragraph(new TextRun("Référentiel : ", Bold: true), new TextRun($"{x.S.Referential.Id} {x.S.Referential.Version}")) { Alignment = TextAlignment.Left },
                new Paragraph(new TextRun("Empreinte des données (SHA-256) : ", Bold: true), new TextRun(x.S.DataHash())) { Alignment = TextAlignment.Left },
                new Paragraph(new TextRun("Document : ", Bold: true), new TextRun($"référence {x.S.Reference}, émis le {Date(x.S.IssuedOn)}")) { Alignment = TextAlignment.Left },
                new Paragraph(new TextRun("Empreinte de la mise en forme (SHA-256) : ", Bold: true), new TextRun(x.T.Sha256)) { Alignment = TextAlignment.Left },
                new Paragraph(new TextRun("L'empreinte du fichier PDF lui-même est enregistrée par le service (elle ne peut pas figurer dans le fichier qu'elle résume).", Italic: true)) { Alignment = TextAlignment.Left },
            ],
        };
    }

    /// <summary>
    /// Samples grouped by indicator (referential order), with a table of subtotals first. Up to <see cref="AnnexListLimit"/>
    /// samples every one is printed, its comment and void reason in a column; beyond, the annex prints the subtotals and
    /// the full list travels as a CSV file attached to the PDF, whose SHA-256 is printed.
    /// </summary>
    private static IEnumerable<Block> SampleAnnex(Context x, TemplateSection section, string title)
    {
        yield return new PageBreak();
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var samples = x.S.Samples;
        yield return new Paragraph($"{Quantity(samples.Count, "échantillon enregistré", "échantillons enregistrés")} avant l'arrêt des données, annulés compris, regroupés par indicateur.");
        if (samples.Count == 0) yield break;

        var order = x.S.Referential.Indicators.Select((indicator, index) => (indicator.Code, index)).ToDictionary(p => p.Code, p => p.index);
        var groups = samples.GroupBy(m => m.Indicator).OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        IReadOnlyList<string> Subtotal(string label, IReadOnlyCollection<SnapshotSample> group) =>
            [label, Number(group.Count), Number(group.Count(m => m.Counts)), Number(group.Count(m => !m.Counts)), Number(group.Count(m => !string.IsNullOrWhiteSpace(m.Comment)))];
        yield return new Table
        {
            Columns = [new("Indicateur", 4), new("Échantillons", 1.3, TextAlignment.Right), new("Comptés", 1.2, TextAlignment.Right),
                new("Annulés", 1.2, TextAlignment.Right), new("Commentés", 1.3, TextAlignment.Right)],
            Rows = [.. groups.Select(g => Subtotal(IndicatorName(x, g.Key), g.ToList())), Subtotal("Total", samples.ToList())],
            FontSize = 8.5,
        };

        if (samples.Count > AnnexListLimit)
        {
            var (csv, sha) = SampleCsv(x);
            x.Csv = csv;
            yield return new Callout
            {
                Title = "Liste complète des échantillons : fichier joint",
                Tone = CalloutTone.Information,
                Paragraphs =
                [
                    new Paragraph($"Au-delà de {Number(AnnexListLimit)} échantillons, la liste n'est pas imprimée : les {Number(samples.Count)} échantillons, " +
                        $"avec leur méthode, leur auteur, leur annulation et leur commentaire, sont dans le fichier « {csv.FileName} » joint à ce PDF " +
                        $"(CSV en UTF-8, séparateur point-virgule, {Number(samples.Count + 1)} lignes avec l'en-tête, {Size(csv.Content.Length)}). " +
                        "Il s'ouvre depuis le panneau des pièces jointes du lecteur PDF.") { Alignment = TextAlignment.Left },
                    new Paragraph(new TextRun("Empreinte SHA-256 du fichier joint : ", Bold: true), new TextRun(sha)) { Alignment = TextAlignment.Left },
                ],
            };
            yield break;
        }

        foreach (var group in groups)
        {
            var list = group.OrderBy(m => m.Start).ThenBy(m => m.SampleId, StringComparer.Ordinal).ToList();
            var unit = Unit(list[0].Unit);
            var dayBased = unit.IsDayBased();
            yield return new Heading(IndicatorName(x, group.Key), 2);
            yield return new Table
            {
                // A void shows in the comment column ("annulé le … : motif"): no column of "oui" that wraps.
                Columns = [new("Identifiant", ColumnWidth.Fixed(84)), new(dayBased ? "Date" : "Début", ColumnWidth.Fixed(dayBased ? 52 : 88)),
                    new("Délai", ColumnWidth.Fixed(44), TextAlignment.Right), new("Méthode", 2), new("Saisi par", ColumnWidth.Fixed(82)),
                    new("Commentaire", 3)],
                Rows = list.Select(m => (IReadOnlyList<string>)[m.SampleId, Moment(m.Start, unit), ShortDelay(m.Delay, unit), MethodLabel(m.Method), m.RecordedBy,
                    AnnexComment(m)]).ToList(),
                FontSize = 8,
            };
            var voided = list.Count(m => !m.Counts);
            yield return new Paragraph(new TextRun($"Sous-total {group.Key} : ", Bold: true),
                new TextRun($"{Quantity(list.Count, "échantillon", "échantillons")}, dont {Number(list.Count - voided)} compté{(list.Count - voided > 1 ? "s" : "")} " +
                    $"et {Quantity(voided, "annulé", "annulés")}.")) { Alignment = TextAlignment.Left, FontSize = 8.5 };
        }
    }

    private static string IndicatorName(Context x, string code) =>
        x.S.Referential.FindIndicator(code) is { } indicator ? $"{code} — {indicator.Label}" : code;

    private static string MethodLabel(string code) => MeasurementMethods.Labels.GetValueOrDefault(code, code);

    /// <summary>The comment, and why the sample no longer counts.</summary>
    private static string AnnexComment(SnapshotSample m)
    {
        var parts = new List<string>();
        if (!m.Counts) parts.Add($"annulé le {ParisTime.DateOf(m.VoidedAt!.Value).ToString("dd/MM/yyyy", French)} : {m.VoidReason}");
        if (!string.IsNullOrWhiteSpace(m.Comment)) parts.Add(m.Comment!);
        return string.Join(" — ", parts);
    }

    /// <summary>The full list, RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM for spreadsheets, ';' and decimal commas as French spreadsheets expect.</summary>
    private static (Attachment File, string Sha256) SampleCsv(Context x)
    {
        var s = x.S;
        var builder = new System.Text.StringBuilder(s.Samples.Count * 160);
        static string Field(string? value)
        {
            value ??= "";
            return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        }
        static string Iso(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, ParisTime.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        builder.Append("identifiant;indicateur;date;debut;fin;delai;unite;methode;methode_libelle;saisi_par;saisi_le;annule_le;annule_par;motif_annulation;commentaire\r\n");
        foreach (var m in s.Samples.OrderBy(m => m.Indicator, StringComparer.Ordinal).ThenBy(m => m.Start).ThenBy(m => m.SampleId, StringComparer.Ordinal))
        {
            builder.AppendJoin(';',
                Field(m.SampleId), Field(m.Indicator), m.SampleDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Iso(m.Start), Iso(m.End),
                m.Delay.ToString("0.###", French), Field(m.Unit), Field(m.Method), Field(MethodLabel(m.Method)), Field(m.RecordedBy), Iso(m.RecordedAt),
                m.VoidedAt is { } voided ? Iso(voided) : "", Field(m.VoidedBy), Field(m.VoidReason), Field(m.Comment));
            builder.Append("\r\n");
        }
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(builder.ToString())).ToArray();
        var name = $"echantillons-{s.SiteId}-{s.From:yyyy-MM-dd}-{s.To:yyyy-MM-dd}.csv";
        return (new Attachment(name, $"Échantillons de la période, {s.SiteName}, données arrêtées au {Instant(s.AsOf)}", "text/csv", bytes),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{(bytes / 1024.0 / 1024.0).ToString("0.0", French)} Mo"
        : $"{Number((int)Math.Ceiling(bytes / 1024.0))} ko";

    private static IEnumerable<Block> Voids(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var voided = x.S.Samples.Where(m => m.VoidedAt is not null).OrderBy(m => m.VoidedAt).ThenBy(m => m.SampleId, StringComparer.Ordinal).ToList();
        yield return new Heading("Échantillons annulés", 2);
        if (voided.Count == 0) yield return new Paragraph("Aucun échantillon de la période n'a été annulé avant l'arrêt des données.");
        else
            yield return new Table
            {
                Columns = [new("Identifiant", 2), new("Indicateur", 2), new("Annulé le", ColumnWidth.Fixed(88)), new("Par", 2), new("Motif", 3)],
                Rows = voided.Select(m => (IReadOnlyList<string>)[m.SampleId, m.Indicator, LocalTime(m.VoidedAt!.Value), m.VoidedBy ?? "", m.VoidReason ?? ""]).ToList(),
                FontSize = 8,
            };
        var revisions = x.S.Audit?.Findings.SelectMany(f => f.History.Where(h => h.Kind != FindingRevisionKind.Recorded).Select(h => (f, h)))
            .OrderBy(p => p.h.At).ToList() ?? [];
        yield return new Heading("Constats reformulés, retirés ou levés", 2);
        if (revisions.Count == 0) yield return new Paragraph("Aucune correction de constat avant l'arrêt des données.");
        else
            yield return new Table
            {
                Columns = [new("Engagement", ColumnWidth.Fixed(62)), new("Modification", 1.5), new("Constat", 3), new("Motif", 2), new("Par, le", 2)],
                Rows = revisions.Select(p => (IReadOnlyList<string>)[p.f.Engagement, FindingRevisions.Labels[p.h.Kind], p.h.Statement, p.h.Reason ?? "—",
                    $"{p.h.By}, {LocalTime(p.h.At)}"]).ToList(),
                FontSize = 8,
            };
    }

    /// <summary>
    /// When the annex lists the samples, their comments are a column of it (no second list repeating ids, dates and
    /// authors); when the list is attached as CSV, they are in its last column.
    /// </summary>
    private static IEnumerable<Block> Comments(Context x, TemplateSection section, string title)
    {
        yield return new Heading(title, 1);
        foreach (var p in section.Text) yield return new Paragraph(p);
        var commented = x.S.Samples.Where(m => !string.IsNullOrWhiteSpace(m.Comment)).ToList();
        if (commented.Count == 0)
        {
            yield return new Paragraph("Aucun commentaire saisi sur les échantillons de la période.");
            yield break;
        }
        if (x.AnnexListsSamples)
        {
            yield return new Paragraph($"{Quantity(commented.Count, "échantillon porte", "échantillons portent")} un commentaire : il figure dans la colonne " +
                "« Commentaire » de l'annexe des échantillons, sur la ligne de l'échantillon qu'il concerne.");
            yield break;
        }
        if (x.Csv is { } csv)
        {
            yield return new Paragraph($"{Quantity(commented.Count, "échantillon porte", "échantillons portent")} un commentaire : il figure dans la colonne " +
                $"« commentaire » du fichier joint « {csv.FileName} ».");
            yield break;
        }
        yield return new Table
        {
            Columns = [new("Identifiant", ColumnWidth.Fixed(84)), new("Date", ColumnWidth.Fixed(76)), new("Saisi par", 2), new("Commentaire", 5)],
            Rows = commented.Select(m => (IReadOnlyList<string>)[m.SampleId, LocalTime(m.Start), m.RecordedBy, m.Comment!]).ToList(),
            FontSize = 8,
        };
    }

    // ---- Histogram ----

    /// <summary>
    /// Bins of a fifth of the threshold (whole days for day units), each counting delays in (from, to] — a delay equal to
    /// the threshold falls left of the threshold line. At most 40 bins; the axis reaches at least 1.5 × the threshold.
    /// </summary>
    public static (IReadOnlyList<Bar> Bars, double Threshold) Histogram(IReadOnlyList<decimal> delays, decimal threshold, DelayUnit unit)
    {
        var t = (double)threshold;
        var width = unit.IsDayBased() ? Math.Max(1, Math.Round(t / 5)) : t > 0 ? t / 5 : 1;
        var max = Math.Max((double)delays.Max(), t * 1.5);
        var count = (int)Math.Ceiling(max / width);
        if (count > 40)
        {
            width *= Math.Ceiling(count / 40.0);
            count = (int)Math.Ceiling(max / width);
        }
        count = Math.Max(count, 1);
        var values = new int[count];
        foreach (var d in delays)
        {
            var index = d <= 0 ? 0 : (int)Math.Ceiling((double)d / width) - 1;
            values[Math.Clamp(index, 0, count - 1)]++;
        }
        return (values.Select((v, i) => new Bar(i * width, (i + 1) * width, v)).ToList(), t);
    }

    /// <summary>Which bar the threshold falls in, said in words under the chart: bins are ]from ; to].</summary>
    public static string ThresholdBin(IReadOnlyList<Bar> bars, double threshold, string thresholdLabel, DelayUnit unit)
    {
        string V(double v) => v.ToString("#,0.##", French);
        var suffix = unit switch { DelayUnit.Minutes => " min", DelayUnit.Seconds => " s", _ => " j" };
        if (bars.Any(b => Math.Abs(b.To - threshold) < 1e-9))
        {
            var left = bars.First(b => Math.Abs(b.To - threshold) < 1e-9);
            return $"Chaque barre compte les délais de l'intervalle ]début ; fin] : un délai égal au seuil ({thresholdLabel}) est dans la barre " +
                $"]{V(left.From)} ; {V(left.To)}]{suffix}, à gauche de la ligne rouge, et compte comme respectant le seuil.";
        }
        var inside = bars.FirstOrDefault(b => b.From < threshold && threshold < b.To);
        return inside is null
            ? $"Chaque barre compte les délais de l'intervalle ]début ; fin] ; le seuil ({thresholdLabel}) est la ligne rouge."
            : $"Chaque barre compte les délais de l'intervalle ]début ; fin] ; le seuil ({thresholdLabel}) tombe dans la barre " +
              $"]{V(inside.From)} ; {V(inside.To)}]{suffix}, qui mêle des délais dans le seuil et au-delà.";
    }

    // ---- French formatting ----

    public static string Date(DateOnly d) => Fr.Date(d);

    /// <summary>"15 janvier 2018 à 14 h 30 (heure de Paris)".</summary>
    public static string Instant(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, ParisTime.Zone);
        return $"{Date(DateOnly.FromDateTime(local.DateTime))} à {local:HH} h {local:mm} (heure de Paris)";
    }

    /// <summary>A sample's start: the Paris date for day units (the time means nothing there), date and time otherwise.</summary>
    private static string Moment(DateTimeOffset at, DelayUnit unit)
        => unit.IsDayBased() ? TimeZoneInfo.ConvertTime(at, ParisTime.Zone).ToString("dd/MM/yyyy", French) : LocalTime(at);

    private static string LocalTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, ParisTime.Zone).ToString("dd/MM/yyyy HH:mm", French);

    /// <summary>"octobre 2017" for a whole month, else "du 2 au 20 octobre 2017"-like.</summary>
    public static string PeriodLabel(DateOnly from, DateOnly to)
        => from.Day == 1 && to == new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1)
            ? from.ToString("MMMM yyyy", French)
            : $"du {Date(from)} au {Date(to)}";

    public static string Percent(double share) => Fr.PercentFixed(share);

    private static string Number(int n) => Fr.Number(n);

    private static string Quantity(int n, string one, string many) => $"{Number(n)} {(n <= 1 ? one : many)}";

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], French) + s[1..];

    private static DelayUnit Unit(string code) => DelayUnits.ByCode.GetValueOrDefault(code, DelayUnit.Minutes);

    private static string UnitName(DelayUnit unit) => unit switch
    {
        DelayUnit.Minutes => "minutes",
        DelayUnit.Seconds => "secondes",
        DelayUnit.WorkingDays => "jours ouvrés",
        _ => "jours calendaires",
    };

    public static string Delay(decimal? value, DelayUnit unit)
    {
        if (value is not { } v) return "—";
        var text = Math.Round(v, 1).ToString("0.#", French);
        return unit switch
        {
            DelayUnit.Minutes => $"{text} min",
            DelayUnit.Seconds => $"{text} s",
            DelayUnit.WorkingDays => $"{text} j ouvré{(v > 1 ? "s" : "")}",
            _ => $"{text} j",
        };
    }

    /// <summary>For the annex's narrow column: "12,5 min", "40 s", "3 j".</summary>
    private static string ShortDelay(decimal value, DelayUnit unit)
        => $"{Math.Round(value, 1).ToString("0.#", French)} {unit switch { DelayUnit.Minutes => "min", DelayUnit.Seconds => "s", _ => "j" }}";

    private static string CategoryShort(FindingCategory category) => category switch
    {
        FindingCategory.MajorNc => "NC maj.",
        FindingCategory.MinorNc => "NC min.",
        FindingCategory.Conformity => "Conf.",
        _ => category.Wire(),
    };

    private static string ActionStatus(CorrectiveAction a, DateOnly asOf)
        => a.CompletedAt is { } done ? $"réalisée le {Date(ParisTime.DateOf(done))}"
            : a.DueOn < asOf ? $"en retard ({"jour".ToQuantity(asOf.DayNumber - a.DueOn.DayNumber)})"
            : "en cours";

    /// <summary>
    /// The findings of an engagement, by category; "non évalué" when the audit recorded nothing on it (an audit that looked
    /// and found nothing to say records a constat de conformité), "pas d'audit associé" without an audit.
    /// </summary>
    private static string FindingsSummary(Context x, string engagement)
    {
        if (x.S.Audit is null) return "pas d'audit associé";
        var list = x.Findings.Where(f => f.Engagement == engagement).ToList();
        if (list.Count == 0) return "non évalué";
        return string.Join(", ", CategoryOrder.Where(c => list.Any(f => f.Category == c)).Select(c => $"{list.Count(f => f.Category == c)} {CategoryShort(c)}"));
    }
}
