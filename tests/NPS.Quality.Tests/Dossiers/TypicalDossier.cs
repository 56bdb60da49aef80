using NPS.Quality.Audits;
using NPS.Quality.Dossiers;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;
using NPS.Quality.Shared;

namespace NPS.Quality.Tests.Dossiers;

/// <summary>
/// A typical dossier without a database (also linked into the benchmark): the 2018.1 referential (12 engagements, 8
/// indicators), one month, a few hundred samples, an audit with findings of every kind and corrective actions.
/// </summary>
public static class TypicalDossier
{
    public static readonly DateTimeOffset AsOf = new(2018, 1, 15, 10, 30, 0, TimeSpan.Zero);

    public static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "templates", DossierTemplates.InternalFile))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("repository root not found");
    }

    public static DossierTemplates Templates() => DossierTemplates.Load(RepoFile("templates"));

    public static ReferentialDefinition Referential(string version = "2018.1")
    {
        var path = RepoFile("referentials", "qualiparis-services-sociaux", $"{version}.yaml");
        return ReferentialYaml.Parse(path, File.ReadAllText(path)).Value!;
    }

    public static Site Site(ReferentialDefinition r) => new()
    {
        Id = "paris-11", Name = "Service social du 11e arrondissement", Arrondissements = ["11e"], Referential = r.Id, ReferentialVersion = r.Version,
        ReferentialHistory = [new ReferentialPeriod(r.Id, r.Version, AsOf.AddYears(-1))],
    };

    public static DossierSnapshot Snapshot(string kind, int samplesPerIndicator = 45, string recorder = "Camille Rousseau")
    {
        var r = Referential();
        var samples = new List<SnapshotSample>();
        var indicators = r.Indicators.ToList();
        for (var k = 0; k < indicators.Count; k++)
        {
            var i = indicators[k];
            for (var n = 0; n < samplesPerIndicator; n++)
            {
                var day = new DateOnly(2017, 12, 1).AddDays(n % 31);
                var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(8 + n % 9, (n * 7) % 60)), TimeSpan.FromHours(1));
                // Mostly within the threshold, with a tail; one indicator in four misses its target.
                var factor = (n * 37 + k * 11) % 100 / 100m;
                var delay = Math.Round(i.Threshold * (k % 4 == 3 ? factor * 1.6m : factor * 1.15m), i.Unit.IsDayBased() ? 0 : 1);
                var voided = n % 29 == 5;
                samples.Add(new SnapshotSample($"P11-2017-{k:00}-{n:0000}", i.Code, start, start.AddMinutes((double)delay), day, delay, i.Unit.Code(),
                    n % 3 == 0 ? "auto_mesure" : i.Methods[^1], n % 10 == 0 ? "Affluence du lundi matin" : null, AsOf.AddDays(-30), recorder,
                    voided ? AsOf.AddDays(-20) : null, voided ? "saisie en double" : null, voided ? recorder : null));
            }
        }
        return new DossierSnapshot(WireNames.Parse<DossierKind>(kind)!.Value, "paris-11", "Service social du 11e arrondissement", ["11e"], r, new DateOnly(2017, 12, 1), new DateOnly(2017, 12, 31),
            AsOf, Audit(r), samples, Revision: 2, IssuedAt: AsOf.AddHours(2));
    }

    public static Audit Audit(ReferentialDefinition r)
    {
        var at = AsOf.AddDays(-10);
        var audit = new Audit
        {
            Id = "audit-typique", SiteId = "paris-11", Kind = AuditKind.Afnor, Type = AuditType.Initial, PlannedOn = new DateOnly(2018, 1, 8),
            Auditors = ["Anne Martin", "Louis Petit"], Scope = "accueil, rendez-vous, courrier", Referential = r.Id, ReferentialVersion = r.Version,
            State = AuditState.Concluded, PlannedBy = "auditeur-1", PlannedAt = at, StartedAt = at, Conclusion = AuditConclusion.FavorableSubjectToMajorNcLifting,
            ConclusionStatement = "Accueil de qualité ; l'affichage des délais reste à corriger.", ConcludedAt = AsOf.AddDays(-1), LiftBy = new DateOnly(2018, 4, 14),
            Agenda =
            [
                new PlannedSlot(new DateOnly(2018, 1, 8), new TimeOnly(9, 0), new TimeOnly(10, 30), "accueil du public, rez-de-chaussée", ["agent d'accueil", "responsable de site"], "réunion d'ouverture, file d'attente"),
                new PlannedSlot(new DateOnly(2018, 1, 8), new TimeOnly(14, 0), new TimeOnly(16, 0), "plateau des travailleurs sociaux", ["travailleur social", "secrétaire médico-sociale"], "prise de rendez-vous, courriers"),
                new PlannedSlot(new DateOnly(2018, 1, 9), new TimeOnly(10, 0), new TimeOnly(11, 0), "bureau du responsable", ["responsable de site", "référent qualité"], "réunion de clôture"),
            ],
            Sampling =
            [
                new PlannedSampling(r.Indicators.First().Code, 50, r.Indicators.First().MinimumSamples, "tirage au hasard dans le journal de la file d'attente, matins et après-midi"),
                new PlannedSampling(r.Indicators.Last().Code, 30, r.Indicators.Last().MinimumSamples, "tous les courriers reçus la première semaine du mois"),
            ],
        };
        string[] categories = ["NC_MAJEURE", "NC_MINEURE", "NC_MINEURE", "PS", "PV", "PP", "PF", "CONFORMITE"];
        string[] engagements = ["ACC-02", "ACC-01", "TEL-01", "ECR-02", "NUM-01", "HOT-01", "ECO-01", "RDV-01"];
        for (var n = 0; n < categories.Length; n++)
        {
            var finding = new Finding
            {
                Id = $"f-{n}", Category = WireNames.Parse<FindingCategory>(categories[n])!.Value, Engagement = engagements[n], Statement = $"Constat n° {n + 1} : l'affichage des délais à l'accueil est « incomplet » ({categories[n]}).",
                EvidenceText = "observation du 10/01/2018", RecordedBy = "Anne Martin", RecordedAt = at.AddHours(n),
                Status = n == 1 ? FindingStatus.Closed : FindingStatus.Open,
                Sheet = n < 3 ? $"FE-0{n + 1}" : null,
                SampleIds = n == 0 ? ["P11-2017-00-0003", "P11-2017-00-0007"] : [],
            };
            if (n < 3)
            {
                finding.Cause = new SheetEntry("Aucun agent n'était chargé de relever et d'afficher le temps d'attente.", "Anne Martin", at.AddHours(n + 2));
                finding.Correction = new ImmediateCorrection("Affichage manuel du temps d'attente le jour même.", new DateOnly(2018, 1, 5), "Anne Martin", at);
                finding.Acknowledgement = new Acknowledgement("Claire Dubois", "responsable de site", new DateOnly(2018, 1, 6), "Anne Martin", at);
            }
            if (n == 1)
            {
                finding.Checks.Add(new EffectivenessCheck(new DateOnly(2018, 1, 8), "Louis Petit", false, "affichage non mis à jour le samedi", "Anne Martin", at));
                finding.Checks.Add(new EffectivenessCheck(new DateOnly(2018, 1, 12), "Louis Petit", true, null, "Anne Martin", at));
            }
            if (FindingCategories.TakesActions(finding.Category))
                finding.Actions.Add(new CorrectiveAction
                {
                    Id = $"a-{n}", Description = "Afficher les délais d'attente et les horaires à l'entrée du site", Owner = "responsable de l'accueil",
                    DueOn = new DateOnly(2018, 1, 5).AddMonths(n), AddedBy = "Anne Martin", AddedAt = at.AddHours(n + 1),
                    Proof = n == 1 ? "photographie de l'affichage" : null, CompletedAt = n == 1 ? at.AddDays(2) : null,
                });
            audit.Findings.Add(finding);
        }
        return audit;
    }

    public static NPS.Quality.Pdf.DocumentModel Model(string kind, int samplesPerIndicator = 45)
    {
        var snapshot = Snapshot(kind, samplesPerIndicator);
        return DossierContent.Compose(snapshot, snapshot.Compliance(Site(snapshot.Referential)), Templates().For(WireNames.Parse<DossierKind>(kind)!.Value));
    }
}
