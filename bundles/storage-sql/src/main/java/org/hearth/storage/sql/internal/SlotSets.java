package org.hearth.storage.sql.internal;

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

    /** The text of these numbers, none of them negative. */
    static String of(int[] slots) {
        int highest = -1;
        for (int slot : slots) {
            highest = Math.max(highest, slot);
        }
        int[] digits = new int[highest / 4 + 1];
        for (int slot : slots) {
            digits[slot / 4] |= 1 << (slot % 4);
        }
        char[] text = new char[digits.length];
        for (int i = 0; i < digits.length; i++) {
            text[i] = DIGITS[digits[i]];
        }
        return new String(text);
    }
}
