// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {LetterOfCredit} from "./LetterOfCredit.sol";

/// @title The LC contract on a clock the admin sets: FOR THE CONFORMANCE TESTS ONLY
/// @notice The conformance cases are dated (March 2026 onwards) and step through time, while a real
/// chain's block time only moves forward with the wall clock. This contract takes its time from
/// `setTime` instead, so the same cases run on a real chain. Never deploy it on a network: whoever
/// holds the admin role would decide what day it is for every deadline.
contract LetterOfCreditAtTime is LetterOfCredit {
    uint64 private _time;

    event TimeSet(uint64 time);

    /// Sets the Unix time every later step is taken at.
    function setTime(uint64 time) external onlyAdmin {
        _time = time;
        emit TimeSet(time);
    }

    /// The time set by the admin; the block's until one is set.
    function _now() internal view override returns (uint256) {
        return _time == 0 ? block.timestamp : _time;
    }
}
