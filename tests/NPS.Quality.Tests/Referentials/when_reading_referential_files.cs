using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Shouldly;

namespace NPS.Quality.Tests.Referentials;

/// <summary>The YAML rules, without a server: each kind of broken file gives its located French message.</summary>
public sealed class when_reading_referential_files
{
    private static readonly string Repo = FindRepo();

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "referentials"))) return d.FullName;
        throw new DirectoryNotFoundException("referentials/");
    }

    private static string Shipped(string version)
        => File.ReadAllText(Path.Combine(Repo, "referentials", "qualiparis-services-sociaux", $"{version}.yaml"));

    private static IReadOnlyList<YamlError> Errors(string yaml) => ReferentialYaml.Parse("f.yaml", yaml).Errors;

    [Fact]
    public void the_shipped_directory_loads_whole()
    {
        var (files, errors) = ReferentialFiles.Load(Path.Combine(Repo, "referentials"));
        errors.ShouldBeEmpty();
        files!.Versions.Count.ShouldBe(2);
        files.Mappings.Single().Added.ShouldBe(["RDV-02", "RDV-02-URGENCE"]);
        var v2017 = files.Versions.Single(v => v.Definition.Version == "2017.1").Definition;
        v2017.FindIndicator("ACC-01-ATTENTE")!.Threshold.ShouldBe(20m);
        v2017.FindIndicator("RDV-02-URGENCE").ShouldBeNull();
        v2017.FindEngagement("ACC-02")!.Indicators.ShouldBeEmpty();
        var tel = v2017.FindIndicator("TEL-01-DECROCHE")!;
        (tel.Unit, tel.Threshold, tel.Target, tel.MinimumSamples).ShouldBe((DelayUnit.Seconds, 30m, 0.9, 50));
    }

    [Fact]
    public void a_duplicate_code_is_reported_on_its_line()
    {
        var yaml = Shipped("2017.1").Replace("code: RSA-01\n", "code: ACC-01\n");
        var error = Errors(yaml).ShouldHaveSingleItem();
        error.Message.ShouldBe("code en double : ACC-01");
        yaml.Split('\n')[error.Line - 1].ShouldContain("code: ACC-01");
    }

    [Fact]
    public void an_unknown_unit_and_a_target_outside_the_range_are_both_reported()
    {
        var yaml = Shipped("2017.1").Replace("unit: seconds", "unit: rings").Replace("target: 0.9", "target: 0");
        var errors = Errors(yaml);
        errors.ShouldContain(e => e.Message.StartsWith("unité inconnue : rings"));
        errors.Count(e => e.Message.StartsWith("la cible doit être dans ]0 ; 1]")).ShouldBe(4);
        errors.ShouldAllBe(e => e.ToString().StartsWith($"f.yaml:{e.Line}:{e.Column} : "));
    }

    [Fact]
    public void a_missing_field_is_named()
    {
        var yaml = Shipped("2017.1").Replace("        minimumSamples: 30\n", "");
        Errors(yaml).ShouldHaveSingleItem().Message.ShouldBe("champ obligatoire manquant : minimumSamples");
    }

    [Fact]
    public void a_yaml_syntax_error_gives_its_line()
    {
        var error = Errors("id: x\nversion: [1\ntitle: y\n").ShouldHaveSingleItem();
        error.Message.ShouldStartWith("syntaxe YAML invalide");
        error.Line.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void an_unknown_measurement_method_is_refused()
        => Errors(Shipped("2017.1").Replace("[auto_mesure, appel_mystere", "[auto_mesure, pigeon_voyageur"))
            .ShouldHaveSingleItem().Message.ShouldStartWith("méthode de mesure inconnue : pigeon_voyageur");

    [Fact]
    public void a_directory_with_one_bad_file_loads_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("refs").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "referentials", "qualiparis-services-sociaux"));
        File.WriteAllText(Path.Combine(dir, "referentials", "qualiparis-services-sociaux", "2017.1.yaml"), Shipped("2017.1"));
        File.WriteAllText(Path.Combine(dir, "referentials", "qualiparis-services-sociaux", "2018.1.yaml"),
            Shipped("2018.1").Replace("threshold: 30", "threshold: trente").Replace("unit: minutes", "unit: heures"));

        var (files, errors) = ReferentialFiles.Load(Path.Combine(dir, "referentials"));

        files.ShouldBeNull();
        errors.Count.ShouldBe(2);
        errors.ShouldAllBe(e => e.StartsWith("referentials/qualiparis-services-sociaux/2018.1.yaml:"));
    }

    [Fact]
    public void a_file_must_be_named_after_its_id_and_version()
    {
        var dir = Directory.CreateTempSubdirectory("refs").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "referentials", "autre"));
        File.WriteAllText(Path.Combine(dir, "referentials", "autre", "2017.1.yaml"), Shipped("2017.1"));
        ReferentialFiles.Load(Path.Combine(dir, "referentials")).Errors.ShouldHaveSingleItem().ShouldContain("le fichier doit s'appeler");
    }
}
