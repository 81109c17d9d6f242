using System.Text;
using OnLan.Cli.Commands;
using OnLan.Configuration;
using Xunit.Abstractions;

namespace OnLan.Cli.Tests;

/// <summary>
/// 1,000 random and mutated lines: words from the command table and the schema, values good and bad, garbage bytes.
/// Each is answered with an error (or, by chance, is valid); an error changes nothing, and nothing throws.
/// </summary>
public sealed class RandomLineTests(ITestOutputHelper log) : IDisposable
{
    private const int Lines = 1000;
    private readonly TestConsole _console = new();

    public void Dispose() => _console.Dispose();

    private static readonly string[] Values =
    [
        "198.18.0.11", "300.1.1.1", "10.0.0.0/8", "10.0.0.1/8", "198.18.0.100-198.18.0.90", "eth0", "enable", "disable", "60",
        "0", "-1", "99999999999", "abc", "\"quoted value\"", "\"unclosed", "a@b", "/etc/x.pem", "x.example.com", "", "#", "?",
        "1.2.3", "255.255.255.0", "0.0.0.0", "secret-long-enough", "short", "c0ffee01",
    ];

    private const string Punctuation = "\"#?\\ \t-./@";

    private static List<string> Vocabulary()
    {
        var words = new HashSet<string>();
        foreach (var command in CliCommands.All) words.UnionWith(command.Words);
        Collect(ConfigurationSchema.Root, words);
        words.UnionWith(Values);
        return [.. words.Order(StringComparer.Ordinal)];
    }

    private static void Collect(SchemaNode node, HashSet<string> words)
    {
        words.Add(node.Keyword);
        if (node is KeywordNode keyword)
            foreach (var child in keyword.Children) Collect(child, words);
    }

    private static string RandomLine(Random random, List<string> vocabulary)
    {
        var line = new StringBuilder();
        int count = random.Next(0, 8);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) line.Append(random.Next(8) == 0 ? "  " : " ");
            string word = vocabulary[random.Next(vocabulary.Count)];
            if (random.Next(5) == 0 && word.Length > 1) word = word[..random.Next(1, word.Length)]; // an abbreviation
            line.Append(word);
        }
        // Mutations: characters replaced, inserted or removed, control and non-ASCII characters thrown in.
        int mutations = random.Next(0, 4);
        for (int m = 0; m < mutations; m++)
        {
            int at = random.Next(line.Length + 1);
            char c = random.Next(4) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0x80, 0x3000),
                2 => Punctuation[random.Next(Punctuation.Length)],
                _ => (char)random.Next(33, 127),
            };
            switch (random.Next(3))
            {
                case 0 when at < line.Length: line[at] = c; break;
                case 1 when at < line.Length: line.Remove(at, 1); break;
                default: line.Insert(at, c); break;
            }
        }
        return line.ToString();
    }

    [Fact]
    public void Random_lines_are_answered_with_an_error_or_are_valid_and_errors_change_nothing()
    {
        var random = new Random(20250501);
        var vocabulary = Vocabulary();
        int errors = 0, valid = 0;
        for (int i = 0; i < Lines; i++)
        {
            string line = RandomLine(random, vocabulary);
            foreach (bool configurationMode in new[] { false, true })
            {
                var session = configurationMode ? _console.ConfigurationSession() : _console.Session();
                string before = configurationMode ? session.CandidateText() : "";
                bool succeeded = session.Execute(line, out string output);
                if (succeeded)
                {
                    valid++;
                    Assert.DoesNotContain("error:", output);
                    continue;
                }
                errors++;
                Assert.True(output.StartsWith("error: ", StringComparison.Ordinal), $"line {i} '{line}': {output}");
                if (configurationMode) Assert.Equal(before, session.CandidateText());
            }
        }
        log.WriteLine($"{Lines} lines in two modes: {errors} refused, {valid} valid by chance");
        Assert.Equal(TestConsole.RunningText, _console.RunningStatements);
        Assert.Empty(_console.Gateway.Applied);
        Assert.Null(_console.Store.Load().Statements);
        // Random words rarely make a valid command; if most did, the generator would prove little.
        Assert.True(errors >= Lines * 2 * 8 / 10, $"{errors} errors, {valid} valid");
    }

    [Fact]
    public void A_terminal_session_fed_random_bytes_never_throws_and_the_running_configuration_stays()
    {
        // The gateway refuses every configuration, so a commit that random words happen to spell changes nothing either.
        _console.Gateway.RefuseWith = "refused by the test";
        var random = new Random(7);
        var vocabulary = Vocabulary();
        var session = CliSession.ForTerminal(_console.Commits);
        session.Start();
        int lines = 0;
        for (int i = 0; i < Lines; i++)
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(RandomLine(random, vocabulary)));
            // Keys and escape sequences, whole or cut, in among the text.
            for (int k = random.Next(0, 3); k > 0; k--)
            {
                string[] keys = ["\t", "?", "\x1b[A", "\x1b[3~", "\x1b[", "\x1bO", "\x7f", "\x03", "\x17", "\x0b", "\x1b[1;5", "\xff"];
                bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.Latin1.GetBytes(keys[random.Next(keys.Length)]));
            }
            bytes.Add((byte)'\r');
            if (session.IsClosed)
            {
                session = CliSession.ForTerminal(_console.Commits);
                session.Start();
            }
            session.Feed(bytes.ToArray());
            lines++;
        }
        Assert.Equal(Lines, lines);
        Assert.Equal(TestConsole.RunningText, _console.RunningStatements);
        Assert.Null(_console.Store.Load().Statements);
    }
}
