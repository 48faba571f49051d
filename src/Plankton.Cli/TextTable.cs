using Spectre.Console;

namespace Plankton.Cli;

/// <summary>Plain (no colour, no ANSI) tables on the tool's text output, drawn by Spectre.Console.</summary>
internal static class TextTable
{
    /// <summary>Writes a table with the given columns and rows; cell text is written as is (escaped).</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        var table = new Table().Border(TableBorder.Simple);
        foreach (string column in columns)
        {
            table.AddColumn(column);
        }

        foreach (IReadOnlyList<string> row in rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        console.Write(table);
    }
}
