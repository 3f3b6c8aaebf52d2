// n8n loads this package's nodes and credential from the paths in package.json's "n8n" section;
// this file is not published (package.json "files"), it only makes the folder requirable in development.
module.exports = {};
