/** Jest setup file of the recorded-mode projects (jest-projects.js): the fake Kick answers recorded. */
'use strict';
process.env.KICK_FAKE_MODE = 'recorded';
