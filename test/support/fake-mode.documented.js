/** Jest setup file of the documented-mode projects (jest-projects.js): the fake Kick answers documented. */
'use strict';
process.env.KICK_FAKE_MODE = 'documented';
