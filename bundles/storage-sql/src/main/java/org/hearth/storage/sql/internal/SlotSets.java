package org.hearth.storage.sql.internal;

import java.util.BitSet;

/**
 * A set of {@link PushSlots} numbers as the text of {@code push_notification_groups.users}:
 * hexadecimal digits, number k being bit k % 4 of digit k / 4. Text, so that both databases test
 * a number with the same string functions ({@link #NAMES_USER}).
 */
final class SlotSets {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /**
     * Whether the group row {@code g} names the user of the {@code push_slots} row {@code s}. A
     * digit past the end is the empty string, found at 1 by both instr and strpos: not named.
     */
    static final String NAMES_USER = "(((${text_position}('0123456789abcdef', substr(g.users, s.slot / 4 + 1, 1)) - 1)"
            + " & (1 << (s.slot % 4))) <> 0)";

    private SlotSets() {
    }

    /** The text of these numbers. */
    static String of(BitSet slots) {
        char[] text = new char[(slots.length() + 3) / 4];
        for (int i = 0; i < text.length; i++) {
            int digit = 0;
            for (int bit = 0; bit < 4; bit++) {
                if (slots.get(i * 4 + bit)) {
                    digit |= 1 << bit;
                }
            }
            text[i] = DIGITS[digit];
        }
        return new String(text);
    }
}
