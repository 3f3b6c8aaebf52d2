// n8n loads this package's nodes and credential from the paths in package.json's "n8n" section.
module.exports = {};
