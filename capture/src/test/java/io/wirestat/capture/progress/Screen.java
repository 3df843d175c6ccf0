package io.wirestat.capture.progress;

/**
 * What a terminal shows on its current line after some output: a carriage return goes back to column 0, any other
 * character overwrites the cell under the cursor. Enough to check that rewriting a line in place leaves nothing of a
 * longer earlier line behind. Lines ended by a newline are kept apart. Not thread safe.
 */
public final class Screen
{
    private final StringBuilder earlier = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private int column;

    /**
     * @param output characters written to the terminal.
     * @return this.
     */
    public Screen write(final String output)
    {
        for (int i = 0; i < output.length(); i++)
        {
            final char c = output.charAt(i);
            if (c == '\r')
            {
                column = 0;
            }
            else if (c == '\n')
            {
                earlier.append(visibleLine()).append('\n');
                line.setLength(0);
                column = 0;
            }
            else
            {
                if (column < line.length())
                {
                    line.setCharAt(column, c);
                }
                else
                {
                    line.append(c);
                }
                column++;
            }
        }
        return this;
    }

    /** @return the current line as seen, trailing blanks dropped. */
    public String visibleLine()
    {
        return line.toString().stripTrailing();
    }

    /** @return the cursor's column on the current line. */
    public int column()
    {
        return column;
    }

    /** @return every finished line, then the current one. */
    public String all()
    {
        return earlier + visibleLine();
    }
}
