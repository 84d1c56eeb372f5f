// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title The text rules of the LC ledger, on UTF-8 bytes
/// @notice Each function decides exactly what its Java counterpart decides on the same text
/// (Limits, Uscc, String.isBlank and String.strip), so both ledgers refuse the same requests.
/// Texts arrive as UTF-8; a node sends an unpaired UTF-16 surrogate, which has no UTF-8 form, as
/// its three-byte generalised form (ED A0..BF xx), which is refused as Java refuses the surrogate.
library LcText {
    /// What is wrong with a text, in the order Java checks it (Limits.text): its length first.
    enum Problem {
        NONE,
        TOO_LONG,
        BAD_CHARACTER
    }

    /// The 17 USCC characters' values (GB 32100-2015) for 'A' to 'Z'; 0xff for I, O, S, V, Z.
    bytes private constant USCC_LETTER_VALUES = hex"0a0b0c0d0e0f1011ff1213141516ff171819ff1a1bff1c1d1eff";

    /// The weights of the organisation code's first 8 characters (GB 11714).
    bytes private constant ORG_CODE_WEIGHTS = hex"0307090a05080402";

    uint256 private constant NOT_A_USCC_CHARACTER = 0xff;

    /// `lcNumber` matches [A-Za-z0-9][A-Za-z0-9._-]{0,34} (Limits.LC_NUMBER_PATTERN).
    function isLcNumber(bytes calldata lcNumber) internal pure returns (bool) {
        if (lcNumber.length == 0 || lcNumber.length > 35) {
            return false;
        }
        for (uint256 i; i < lcNumber.length; ++i) {
            bytes1 c = lcNumber[i];
            bool alphanumeric = (c >= "0" && c <= "9") || (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");
            if (!alphanumeric && (i == 0 || (c != "." && c != "_" && c != "-"))) {
                return false;
            }
        }
        return true;
    }

    /// `name` matches [a-z][a-z0-9-]{0,31}, the form of a branch's name (NetworkConfig).
    function isBranchName(bytes calldata name) internal pure returns (bool) {
        if (name.length == 0 || name.length > 32) {
            return false;
        }
        for (uint256 i; i < name.length; ++i) {
            bytes1 c = name[i];
            bool letter = c >= "a" && c <= "z";
            if (!letter && (i == 0 || !((c >= "0" && c <= "9") || c == "-"))) {
                return false;
            }
        }
        return true;
    }

    /// Whether `code` is a well-formed unified social credit code (Uscc.isValid): 18 characters
    /// with its check character, a 6-digit division code, and the embedded organisation code's
    /// own check character.
    function isUscc(bytes calldata code) internal pure returns (bool) {
        if (code.length != 18) {
            return false;
        }
        uint256 sum;
        uint256 weight = 1; // the weights are 3^i mod 31
        for (uint256 i; i < 17; ++i) {
            uint256 value = _usccValue(code[i]);
            if (value == NOT_A_USCC_CHARACTER) {
                return false;
            }
            sum += value * weight;
            weight = (weight * 3) % 31;
        }
        if (_usccValue(code[17]) != (31 - (sum % 31)) % 31) {
            return false;
        }
        for (uint256 i = 2; i < 8; ++i) {
            if (code[i] < "0" || code[i] > "9") {
                return false;
            }
        }
        uint256 orgSum;
        for (uint256 i; i < 8; ++i) {
            uint8 c = uint8(code[8 + i]);
            // every character is a USCC character here: a digit, or a letter from A
            uint256 value = c <= 0x39 ? c - 0x30 : c - 0x41 + 10;
            orgSum += value * uint8(ORG_CODE_WEIGHTS[i]);
        }
        uint256 check = 11 - (orgSum % 11);
        bytes1 expected = check == 10 ? bytes1("X") : check == 11 ? bytes1("0") : bytes1(uint8(0x30 + check));
        return code[16] == expected;
    }

    /// What Limits.line (`multiLine` false) or Limits.lines (true) refuses in `text`: more than
    /// `maxCodePoints` code points, or a control character (line breaks and tabs allowed in a
    /// multi-line text), an unpaired surrogate, a bidirectional override or malformed UTF-8.
    function problem(bytes calldata text, uint256 maxCodePoints, bool multiLine)
        internal
        pure
        returns (Problem)
    {
        uint256 codePoints;
        bool bad;
        uint256 i;
        while (i < text.length) {
            (uint256 length, bool wellFormed) = _sequence(text, i);
            ++codePoints;
            if (!wellFormed) {
                bad = true;
                ++i;
                continue;
            }
            if (!bad) {
                bad = _isForbidden(text, i, length, multiLine);
            }
            i += length;
        }
        if (codePoints > maxCodePoints) {
            return Problem.TOO_LONG;
        }
        return bad ? Problem.BAD_CHARACTER : Problem.NONE;
    }

    /// Whether `text` is empty or only whitespace (String.isBlank, Character.isWhitespace).
    function isBlank(bytes calldata text) internal pure returns (bool) {
        uint256 i;
        while (i < text.length) {
            (uint256 length, bool wellFormed) = _sequence(text, i);
            if (!wellFormed || !_isWhitespace(text, i, length)) {
                return false;
            }
            i += length;
        }
        return true;
    }

    /// The keccak-256 of `text` without leading and trailing whitespace (String.strip), and
    /// whether nothing is left.
    function strippedHash(bytes calldata text) internal pure returns (bytes32 hash, bool blank) {
        uint256 start = type(uint256).max;
        uint256 end;
        uint256 i;
        while (i < text.length) {
            (uint256 length, bool wellFormed) = _sequence(text, i);
            if (!wellFormed) {
                length = 1;
            }
            if (!wellFormed || !_isWhitespace(text, i, length)) {
                if (start == type(uint256).max) {
                    start = i;
                }
                end = i + length;
            }
            i += length;
        }
        if (start == type(uint256).max) {
            return (bytes32(0), true);
        }
        return (keccak256(text[start:end]), false);
    }

    /// The length of the UTF-8 sequence at `i` and whether it is complete (a lead byte followed by
    /// its continuation bytes); the length is 1 where it is not.
    function _sequence(bytes calldata text, uint256 i) private pure returns (uint256 length, bool wellFormed) {
        uint8 lead = uint8(text[i]);
        if (lead < 0x80) {
            return (1, true);
        }
        if (lead < 0xc2) {
            return (1, false); // a continuation byte, or an overlong two-byte form
        }
        length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0;
        if (length == 0 || i + length > text.length) {
            return (1, false);
        }
        for (uint256 k = 1; k < length; ++k) {
            if (uint8(text[i + k]) & 0xc0 != 0x80) {
                return (1, false);
            }
        }
        return (length, true);
    }

    /// A character Limits.text refuses: an ISO control (U+0000-001F, U+007F-009F) other than a line
    /// break or tab in a multi-line text, a surrogate (U+D800-DFFF) or a bidirectional control
    /// (U+202A-202E, U+2066-2069).
    function _isForbidden(bytes calldata text, uint256 i, uint256 length, bool multiLine)
        private
        pure
        returns (bool)
    {
        uint8 lead = uint8(text[i]);
        if (length == 1) {
            bool lineBreak = lead == 0x0a || lead == 0x0d || lead == 0x09;
            return (lead < 0x20 || lead == 0x7f) && !(multiLine && lineBreak);
        }
        uint8 second = uint8(text[i + 1]);
        if (length == 2) {
            return lead == 0xc2 && second < 0xa0; // U+0080-009F
        }
        if (length != 3) {
            return false;
        }
        if (lead == 0xed) {
            return second >= 0xa0; // U+D800-DFFF
        }
        uint8 third = uint8(text[i + 2]);
        return lead == 0xe2
            && ((second == 0x80 && third >= 0xaa && third <= 0xae) || (second == 0x81 && third >= 0xa6 && third <= 0xa9));
    }

    /// Character.isWhitespace: U+0009-000D, U+001C-0020, U+1680, U+2000-2006, U+2008-200A,
    /// U+2028, U+2029, U+205F and U+3000 (the no-break spaces are not whitespace).
    function _isWhitespace(bytes calldata text, uint256 i, uint256 length) private pure returns (bool) {
        uint8 lead = uint8(text[i]);
        if (length == 1) {
            return (lead >= 0x09 && lead <= 0x0d) || (lead >= 0x1c && lead <= 0x20);
        }
        if (length != 3) {
            return false;
        }
        uint8 second = uint8(text[i + 1]);
        uint8 third = uint8(text[i + 2]);
        if (lead == 0xe1) {
            return second == 0x9a && third == 0x80;
        }
        if (lead == 0xe3) {
            return second == 0x80 && third == 0x80;
        }
        if (lead != 0xe2) {
            return false;
        }
        if (second == 0x80) {
            return (third >= 0x80 && third <= 0x86) || (third >= 0x88 && third <= 0x8a) || third == 0xa8
                || third == 0xa9;
        }
        return second == 0x81 && third == 0x9f;
    }

    function _usccValue(bytes1 c) private pure returns (uint256) {
        if (c >= "0" && c <= "9") {
            return uint8(c) - 0x30;
        }
        if (c >= "A" && c <= "Z") {
            return uint8(USCC_LETTER_VALUES[uint8(c) - 0x41]);
        }
        return NOT_A_USCC_CHARACTER;
    }
}
