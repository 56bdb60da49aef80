using NPS.Quality.Dossiers;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// The shared YAML reader, without a server: anchors and aliases are refused, nesting is bounded, and every
/// refusal is one French line <c>fichier:ligne:colonne : message</c>, never YamlDotNet's English.
/// </summary>
public sealed class when_reading_a_hostile_yaml
{
    private static YamlError Refusal(string yaml)
    {
        var reader = new YamlReader("f.yaml");
        reader.LoadRoot(yaml).ShouldBeNull();
        return reader.Errors.ShouldHaveSingleItem();
    }

    private static void ShouldBeFrench(YamlError error)
    {
        foreach (var word in HostileYaml.EnglishWords) error.Message.ShouldNotContain(word, Case.Sensitive);
        error.ToString().ShouldBe($"f.yaml:{error.Line}:{error.Column} : {error.Message}");
    }

    [Fact]
    public void refuses_a_self_referencing_alias()
    {
        var error = Refusal(HostileYaml.SelfReferencingAlias);
        (error.Line, error.Column).ShouldBe((1, 4));
        error.Message.ShouldContain("ancre YAML");
        ShouldBeFrench(error);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void refuses_the_billion_laughs_at_its_first_anchor(int levels)
    {
        var error = Refusal(HostileYaml.BillionLaughs(levels));
        (error.Line, error.Column).ShouldBe((1, 5));
        ShouldBeFrench(error);
    }

    [Fact]
    public void names_the_line_of_an_anchor_further_down()
        => Refusal(HostileYaml.AliasOnLineTwo).Line.ShouldBe(2);

    [Fact]
    public void refuses_a_hundred_thousand_nested_braces()
    {
        var error = Refusal(HostileYaml.NestedBraces(100_000));
        error.Message.ShouldBe($"imbrication trop profonde : au plus {YamlReader.MaxDepth} niveaux de listes ou de tables");
        error.Line.ShouldBe(1);
        ShouldBeFrench(error);
    }

    [Fact]
    public void refuses_a_hundred_thousand_nested_brackets()
        => Refusal(HostileYaml.NestedBrackets(100_000)).Message.ShouldStartWith("imbrication trop profonde");

    [Fact]
    public void refuses_deep_block_lists_as_well()
        => Refusal(HostileYaml.NestedBlockLists(1_000)).Message.ShouldStartWith("imbrication trop profonde");

    [Fact]
    public void accepts_nesting_up_to_the_bound()
    {
        // The root table is one level: 63 lists inside it reach the bound exactly.
        var reader = new YamlReader("f.yaml");
        reader.LoadRoot(HostileYaml.NestedBrackets(YamlReader.MaxDepth - 1)).ShouldNotBeNull();
        reader.Errors.ShouldBeEmpty();
        Refusal(HostileYaml.NestedBrackets(YamlReader.MaxDepth)).Message.ShouldStartWith("imbrication trop profonde");
    }

    [Theory]
    [InlineData("id: x\nversion: [1\ntitle: y\n", "non fermé")]
    [InlineData("a: {x: 1\n", "accolade non fermée")]
    [InlineData("a: b: c\n", "« : » inattendu")]
    [InlineData("a: 'x\n", "guillemet non fermé")]
    [InlineData("a: \"x\\q\"\n", "échappement inconnu")]
    [InlineData("a:\n  - 1\n b: 2\n", "indentation incohérente")]
    [InlineData("- a\nb: 1\n", "indentation incohérente")]
    [InlineData("a: @x\n", "caractère inattendu")]
    [InlineData("a: 1\na: 2\n", "clé en double : a")]
    public void a_syntax_error_is_told_in_french_with_its_position(string yaml, string french)
    {
        var error = Refusal(yaml);
        error.Message.ShouldStartWith("syntaxe YAML invalide : ");
        error.Message.ShouldContain(french);
        error.Line.ShouldBeGreaterThanOrEqualTo(1);
        error.Column.ShouldBeGreaterThanOrEqualTo(1);
        ShouldBeFrench(error);
    }

    [Fact]
    public void an_unknown_message_becomes_a_generic_french_sentence()
        => YamlReader.Translate("While doing something nobody foresaw.").ShouldBe("structure non reconnue à cet endroit");

    [Fact]
    public void a_second_document_is_refused()
        => Refusal("a: 1\n---\nb: 2\n").Message.ShouldStartWith("un seul document YAML");

    [Fact]
    public void the_referential_reader_uses_the_same_bounds()
    {
        var error = ReferentialYaml.Parse("r.yaml", HostileYaml.SelfReferencingAlias).Errors.ShouldHaveSingleItem();
        error.ToString().ShouldStartWith("r.yaml:1:4 : ancre YAML");
    }

    [Fact]
    public void the_dossier_template_reader_uses_the_same_bounds()
    {
        var (template, errors) = DossierTemplate.Parse("t.yaml", HostileYaml.BillionLaughs(10));
        template.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith("t.yaml:1:5 : ancre YAML");
        DossierTemplate.Parse("t.yaml", HostileYaml.NestedBraces(100_000)).Errors.ShouldHaveSingleItem().ShouldContain("imbrication trop profonde");
        DossierTemplate.Parse("t.yaml", "kind: [\n").Errors.ShouldHaveSingleItem().ShouldStartWith("t.yaml:2:1 : syntaxe YAML invalide : ");
    }
}
